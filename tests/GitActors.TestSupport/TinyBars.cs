using GitActors.Models.Data;
using GitActors.Models.Data.Datasets;
using GitActors.Models.Data.LongTail;
using GitActors.Models.Data.Nuisance;
using GitActors.Models.Data.Readers;
using GitActors.Models.Networks.Munit;
using GitActors.Models.Randomness;
using GitActors.Models.Storage;
using GitActors.Models.Training.Munit;

namespace GitActors.TestSupport;

/// <summary>
/// Tiny bars: class c is a bright bar at row 3c + 2 on black, 4 classes, 16x16, with a background nuisance; and a small
/// untrained MUNIT over them. The data of the GIT end-to-end tests and of the MUNIT evaluation and grid tests.
/// </summary>
public static class TinyBars
{
    public const int Side = 16;
    public const int Classes = 4;

    /// <summary><paramref name="perClass"/> images of each class, bar brightness drawn from <paramref name="seed"/>.</summary>
    public static ImageSet Images(int perClass, ulong seed)
    {
        var rng = new Rng(seed);
        var shape = new ImageShape(1, Side, Side);
        var pixels = new byte[perClass * Classes * shape.PixelCount];
        var labels = new int[perClass * Classes];
        for (var i = 0; i < labels.Length; i++)
        {
            var row = 3 * (labels[i] = i % Classes) + 2;
            for (var x = 0; x < Side; x++) pixels[i * shape.PixelCount + row * Side + x] = (byte)rng.NextInt(150, 255);
        }
        return new ImageSet(pixels, labels, shape, Classes);
    }

    /// <summary>83 long-tailed train images (Zipf from 40: 40/20/13/10) with the BG nuisance, 48 test images.</summary>
    public static DatasetBundle LongTailed(int ordering) =>
        DatasetCatalog.Build(
            new DatasetRecipe("tiny-bg-lt", DatasetFamily.FashionMnist, DataFormat.Idx, null, Classes, LongTailProfile.Zipf(40, 1.0, 5), NuisanceKind.Bg),
            ordering, Images(60, seed: 1), Images(12, seed: 2));

    /// <summary>An untrained 8-wide generator's translator file in <paramref name="folder"/>.</summary>
    public static string Generator(string folder, MunitTranslation translation = MunitTranslation.AToB)
    {
        var path = Path.Combine(folder, "generator.munit");
        var options = new MunitTrainerOptions(new ImageShape(1, Side, Side), new MunitGeneratorOptions(1, Dim: 8, MlpDim: 16, ResBlocks: 1),
            new MunitDiscriminatorOptions(1, Dim: 8, Layers: 2), new MunitHyperParameters());
        using var trainer = new MunitTrainer(options, seed: 4);
        AtomicFile.Write(path, file => trainer.SaveTranslator(file, translation));
        return path;
    }
}
