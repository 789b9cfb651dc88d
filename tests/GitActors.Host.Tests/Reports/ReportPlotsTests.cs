using System.Buffers.Binary;
using GitActors.Host.Reports;
using GitActors.Models.Experiments.Reports;

namespace GitActors.Host.Tests.Reports;

public sealed class ReportPlotsTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gitactors-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static SweepReport SyntheticReport() => SweepReport.Build(SyntheticSweep.Id, SyntheticSweep.Events());

    [Fact]
    public void Every_figure_is_written_as_a_png_of_the_requested_size()
    {
        var files = ReportPlots.WriteAll(SyntheticReport(), _folder);

        Assert.Equal(["ekld-k49-rot-lt-rot.png", "accuracy-k49-rot-lt.png", "training-k49-rot-lt.png"], files.Select(Path.GetFileName));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            Assert.Equal(PngSignature, bytes[..8]);
            // The first chunk is IHDR: length 13, then big-endian width and height.
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
            Assert.Equal(ReportPlots.Width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
            Assert.Equal(ReportPlots.Height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
        }
    }

    [Fact]
    public void Every_method_is_drawn_in_its_colour_in_every_figure()
    {
        var report = SyntheticReport();
        var colours = ReportPlots.MethodColours(report);

        foreach (var figure in ReportPlots.Figures(report))
        {
            using var bitmap = SkiaSharp.SKBitmap.Decode(ReportPlots.Png(figure));
            var drawn = new Dictionary<(byte, byte, byte), int>();
            for (var y = 0; y < bitmap.Height; y++)
                for (var x = 0; x < bitmap.Width; x++)
                {
                    var pixel = bitmap.GetPixel(x, y);
                    var key = (pixel.Red, pixel.Green, pixel.Blue);
                    drawn[key] = drawn.GetValueOrDefault(key) + 1;
                }
            // A 2-pixel line across the plot leaves well over 100 pixels of the method's colour: opaque in the class-size
            // figures, at 80 % over the white background in the training curves (runs of one method overlap there).
            var opacity = figure.FileName.StartsWith("training-", StringComparison.Ordinal) ? 0.8 : 1.0;
            foreach (var (method, colour) in colours)
            {
                static int Blend(byte c, double a) => (int)Math.Round(c * a + 255 * (1 - a));
                var (r, g, b) = (Blend(colour.R, opacity), Blend(colour.G, opacity), Blend(colour.B, opacity));
                var pixels = drawn.Where(p => Math.Abs(p.Key.Item1 - r) <= 2 && Math.Abs(p.Key.Item2 - g) <= 2 && Math.Abs(p.Key.Item3 - b) <= 2)
                    .Sum(p => p.Value);
                Assert.True(pixels >= 100, $"{figure.FileName}: {method} drawn in {pixels} pixels of its colour");
            }
        }
    }

    [Fact]
    public void Methods_keep_one_colour_across_figures_in_table_order()
    {
        var report = SyntheticReport();
        var colours = ReportPlots.MethodColours(report);

        Assert.Equal(["erm", "ldam+drs+git"], colours.Keys);
        Assert.NotEqual(colours["erm"], colours["ldam+drs+git"]);
        Assert.Equal(["erm", "ldam+drs+git"], report.Ekld.Single().Series.Select(s => s.Method));
        Assert.Equal(4, report.Ekld.Single().Series[0].Runs);
    }
}
