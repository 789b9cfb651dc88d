using GitActors.Models.Storage;
using GitActors.Models.Data;
using GitActors.Models.Data.Datasets;
using GitActors.Models.Data.LongTail;
using GitActors.Models.Data.Nuisance;
using GitActors.Models.Data.Readers;
using GitActors.Models.Networks.Munit;
using GitActors.Models.Randomness;
using GitActors.Models.Training.Munit;

namespace GitActors.Host.Tests.Munit;

/// <summary>4 classes of horizontal bars (the label picks the row) with a background nuisance, and a small untrained MUNIT.</summary>
internal static class TinyBarsData
{
    public const int Side = 16;

    /// <summary><paramref name="perClass"/> images of each class, bar brightness drawn from <paramref name="seed"/>.</summary>
    public static ImageSet Images(int perClass, ulong seed)
    {
        var rng = new Rng(seed);
        var shape = new ImageShape(1, Side, Side);
        var pixels = new byte[perClass * 4 * shape.PixelCount];
        var labels = new int[perClass * 4];
        for (var i = 0; i < labels.Length; i++)
            for (var x = 0; x < Side; x++) pixels[i * shape.PixelCount + (3 * (labels[i] = i % 4) + 2) * Side + x] = (byte)rng.NextInt(150, 255);
        return new ImageSet(pixels, labels, shape, 4);
    }

    /// <summary>Long-tailed 40/20/13/10 with the BG nuisance, 48 test images.</summary>
    public static DatasetBundle LongTailed() =>
        DatasetCatalog.Build(new DatasetRecipe("tiny-bg-lt", DatasetFamily.FashionMnist, DataFormat.Idx, null, 4, LongTailProfile.Zipf(40, 1.0, 5), NuisanceKind.Bg),
            ordering: 1, Images(60, 1), Images(12, 2));

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
