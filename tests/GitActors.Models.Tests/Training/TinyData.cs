using GitActors.Models.Data.Datasets;
using GitActors.Models.Data.LongTail;
using GitActors.Models.Data.Nuisance;
using GitActors.Models.Data.Readers;

namespace GitActors.Models.Tests.Training;

/// <summary>
/// A 4-class, 16x16 long-tailed set with a background nuisance, built through the real catalog recipe path:
/// big enough to learn something in two epochs, small enough for a test to train it several times in seconds.
/// </summary>
internal static class TinyData
{
    public const int Side = 16;
    public const int Classes = 4;

    public static DatasetRecipe Recipe(TrainAugmentation augmentation = TrainAugmentation.None) =>
        new("tiny-bg-lt", DatasetFamily.FashionMnist, DataFormat.Idx, null, Classes, LongTailProfile.Zipf(40, 1.0, 5), NuisanceKind.Bg, Augmentation: augmentation);

    public static DatasetBundle Bundle(TrainAugmentation augmentation = TrainAugmentation.None) =>
        DatasetCatalog.Build(Recipe(augmentation), ordering: 0, Images(60, seed: 1), Images(12, seed: 2));

    /// <summary>Class c is a bright bar at row 3c + 2 on a black background, with a little noise on the bar.</summary>
    public static ImageSet Images(int perClass, int seed)
    {
        var rng = new Rng((ulong)seed);
        var shape = new ImageShape(1, Side, Side);
        var count = perClass * Classes;
        var pixels = new byte[count * shape.PixelCount];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var label = labels[i] = i % Classes;
            var row = 3 * label + 2;
            for (var x = 0; x < Side; x++)
                pixels[i * shape.PixelCount + row * Side + x] = (byte)rng.NextInt(150, 255);
        }
        return new ImageSet(pixels, labels, shape, Classes);
    }

    public static RunConfig Config(int epochs = 2, TrainRule rule = TrainRule.Drs, LossKind loss = LossKind.CrossEntropy,
        AugmentSpec? augment = null, int seed = 7) =>
        new(new DataSpec("tiny-bg-lt"), ModelKind.SimpleCnn, new LossSpec(loss), rule, augment ?? new AugmentSpec(),
            ScheduleDefaults.WithEpochs(ScheduleSpec.K49, epochs) with { BatchSize = 16 },
            new EvalSpec(EkldImagesPerClass: 4, EkldTransformsPerImage: 5), seed);
}
