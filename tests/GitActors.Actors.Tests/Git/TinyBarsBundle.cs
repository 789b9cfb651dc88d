using GitActors.Models.Data;
using GitActors.Models.Data.Datasets;
using GitActors.Models.Data.LongTail;
using GitActors.Models.Data.Nuisance;
using GitActors.Models.Data.Readers;
using GitActors.Models.Randomness;

namespace GitActors.Actors.Tests.Git;

/// <summary>The GIT end-to-end tests' data: class c is a bright bar at row 3c + 2 on black, with a background nuisance.</summary>
internal static class TinyBarsBundle
{
    public const int Side = 16;
    public const int Classes = 4;

    /// <summary>83 long-tailed train images (Zipf from 40), 48 test images.</summary>
    public static DatasetBundle Build() => DatasetCatalog.Build(
        new DatasetRecipe("tiny-bg-lt", DatasetFamily.FashionMnist, DataFormat.Idx, null, Classes, LongTailProfile.Zipf(40, 1.0, 5), NuisanceKind.Bg),
        ordering: 0, Images(60, seed: 1), Images(12, seed: 2));

    private static ImageSet Images(int perClass, int seed)
    {
        var rng = new Rng((ulong)seed);
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
}
