using GitActors.Host.Munit;
using GitActors.Models.Data;
using GitActors.Models.Data.Datasets;
using GitActors.Models.Data.LongTail;
using GitActors.Models.Data.Nuisance;
using GitActors.Models.Data.Readers;
using GitActors.Models.Networks.Munit;
using GitActors.Models.Randomness;
using GitActors.Models.Training.Munit;
using SkiaSharp;

namespace GitActors.Host.Tests.Munit;

public sealed class MunitSampleGridTests : IDisposable
{
    private const int Side = 16;
    private readonly string _folder = Directory.CreateTempSubdirectory("gitactors-munit-grid-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>4 classes of bars with a background nuisance, long-tailed 40/20/13/10.</summary>
    private static DatasetBundle Data()
    {
        ImageSet Images(int perClass, ulong seed)
        {
            var rng = new Rng(seed);
            var shape = new ImageShape(1, Side, Side);
            var pixels = new byte[perClass * 4 * shape.PixelCount];
            var labels = new int[perClass * 4];
            for (var i = 0; i < labels.Length; i++)
                for (var x = 0; x < Side; x++) pixels[i * shape.PixelCount + (3 * (labels[i] = i % 4) + 2) * Side + x] = (byte)rng.NextInt(150, 255);
            return new ImageSet(pixels, labels, shape, 4);
        }
        return DatasetCatalog.Build(new DatasetRecipe("tiny-bg-lt", DataFormat.Idx, null, 4, LongTailProfile.Zipf(40, 1.0, 5), NuisanceKind.Bg),
            ordering: 1, Images(60, 1), Images(12, 2));
    }

    private string Generator()
    {
        var path = Path.Combine(_folder, "generator.munit");
        var options = new MunitTrainerOptions(new ImageShape(1, Side, Side), new MunitGeneratorOptions(1, Dim: 8, MlpDim: 16, ResBlocks: 1),
            new MunitDiscriminatorOptions(1, Dim: 8, Layers: 2), new MunitHyperParameters());
        using var trainer = new MunitTrainer(options, seed: 4);
        trainer.SaveGeneratorA(path);
        return path;
    }

    [Fact]
    public void The_grid_is_a_png_with_one_row_per_class_from_largest_to_smallest_and_the_input_in_the_first_column()
    {
        var data = Data();
        using var sampler = MunitSampler.Load(Generator());
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
