using GitActors.Host.Dashboard;
using GitActors.Host.Munit;
using GitActors.Models;
using SkiaSharp;

namespace GitActors.Host.Tests.Dashboard;

/// <summary>The sweep page's MUNIT figure: `munit sample`'s grid of each recorded generator this machine can read.</summary>
public sealed class MunitGridsTests
{
    [Fact]
    public void A_recorded_generator_is_drawn_as_the_munit_sample_grid()
    {
        using var temp = new TempFolder();
        var data = TinyBars.LongTailed(ordering: 1);
        var generator = TinyBars.Generator(temp.Path);
        var spec = new DataSpec("tiny-bars", 0);
        var at = DateTimeOffset.UnixEpoch;
        ISweepEvent[] events =
        [
            new GeneratorRecorded("s", "job-a", spec, generator, "sha-a", at),
            new GeneratorRecorded("s", "job-b", spec with { Ordering = 1 }, Path.Combine(temp.Path, "elsewhere.munit"), "sha-b", at),
        ];

        var figure = Assert.Single(MunitGrids.Of(events)); // the second generator's file is not on this machine
        Assert.Equal("munit-tiny-bars-o0.png", figure.FileName);
        var loads = 0;
        var grids = new MunitGrids(_ => { loads++; return data; });
        var png = grids.Png(figure);

        using var bitmap = SKBitmap.Decode(png) ?? throw new InvalidDataException("not an image");
        var rows = data.RankOrder.Count(label => data.Train.Labels.Contains(label));
        Assert.Equal(MunitSampleGrid.Size(data.Shape, rows, MunitGrids.Styles + 1), (bitmap.Width, bitmap.Height));
        Assert.Same(png, grids.Png(figure)); // drawn once per generator
        Assert.Equal(1, loads);
    }
}
