using System.Buffers.Binary;
using GitActors.Actors.Reports;
using GitActors.Host.Reports;

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
            Assert.True(bytes.Length > 10_000, $"{file} is only {bytes.Length} bytes");
            Assert.Equal(PngSignature, bytes[..8]);
            // The first chunk is IHDR: length 13, then big-endian width and height.
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
            Assert.Equal(ReportPlots.Width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
            Assert.Equal(ReportPlots.Height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
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
