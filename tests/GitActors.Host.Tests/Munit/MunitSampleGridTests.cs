using GitActors.Host.Munit;
using GitActors.Models.Training.Munit;
using SkiaSharp;

namespace GitActors.Host.Tests.Munit;

public sealed class MunitSampleGridTests : IDisposable
{
    private const int Side = TinyBars.Side;
    private readonly string _folder = Directory.CreateTempSubdirectory("gitactors-munit-grid-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_grid_is_a_png_with_one_row_per_class_from_largest_to_smallest_and_the_input_in_the_first_column()
    {
        var data = TinyBars.LongTailed(ordering: 1);
        using var sampler = MunitSampler.Load(TinyBars.Generator(_folder));
        var tiles = MunitSampleGrid.Tiles(sampler, data, styles: 3, seed: 1);
        var path = Path.Combine(_folder, "grid.png");

        MunitSampleGrid.WritePng(tiles, data.Shape, path);

        using var png = SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path} is not an image");
        // 4 columns (input + 3 styles) and 4 rows of 48-pixel tiles with 2-pixel gaps around each.
        Assert.Equal((4 * 48 + 5 * 2, 4 * 48 + 5 * 2), (png.Width, png.Height));
        Assert.Equal(SKColors.White, png.GetPixel(0, 0));
        Assert.Equal(SKColors.White, png.GetPixel(50, 10));   // the gap between the first two columns
        for (var row = 0; row < 4; row++)
        {
            var label = data.RankOrder[row];
            var input = data.Train.Image(Array.IndexOf(data.Train.Labels, label)).ToArray();
            Assert.Equal(input, tiles[row][0]);
            var top = 2 + row * 50;
            for (var y = 0; y < Side; y++)
                for (var x = 0; x < Side; x++)
                {
                    var grey = input[y * Side + x];
                    Assert.Equal(new SKColor(grey, grey, grey), png.GetPixel(2 + 3 * x + 2, top + 3 * y + 1));
                }
        }
        Assert.NotEqual(tiles[0][1], tiles[0][2]);            // different styles decode differently
        Assert.Equal(tiles.Select(r => r[1]), MunitSampleGrid.Tiles(sampler, data, 3, seed: 1).Select(r => r[1]));
    }
}
