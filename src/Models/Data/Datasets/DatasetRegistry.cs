using GitActors.Models.Data.LongTail;
using GitActors.Models.Data.Nuisance;
using GitActors.Models.Data.Readers;

namespace GitActors.Models.Data.Datasets;

/// <summary>
/// The dataset names GitActors accepts, one recipe each: `gitactors train`, `munit`, `data list` and sweep files all
/// resolve names here, so they accept exactly the same ones. A name is a recipe (a long-tail profile, and for the
/// K49-style sets a nuisance); a name without one (fmnist-lt, k49-lt) is not a dataset. Names match exactly (ordinal):
/// the name is part of every run id, so one dataset has one spelling.
/// Names: fmnist-{rot,bg,dil}-lt (Fashion-MNIST from /usr/share/datasets/fashion-mnist, K49's Zipf recipe),
/// k49-{rot,bg,dil}-lt (npz), each also as ...-lt-tonly (transformation-only, 5 base images per class);
/// cifar10-lt, cifar100-lt (cifar; exponential, imbalance 100, n_max 5000 / 500, crop+flip);
/// gtsrb-lt (gtsrb; 25% per-class validation hold-out first, then Zipf alpha 1.8, n_min 5 and n_max = the largest class
/// left after the hold-out: the paper's 1,907 is not reachable from the 2,250-image largest class of the official
/// training set by a 75% split, so we take what the data gives; test from DataSpec.TestPath or ../../Final_Test/Images).
/// </summary>
public static class DatasetRegistry
{
    public const string FashionMnistFolder = "/usr/share/datasets/fashion-mnist";
    private const string TransformationOnlySuffix = "-tonly";

    private static readonly DatasetRecipe[] Recipes = BuildRecipes().ToArray();

    /// <summary>Every accepted name, in a fixed order (family by family).</summary>
    public static IReadOnlyList<string> Names { get; } = Recipes.Select(r => r.Name).ToArray();

    public static DatasetRecipe? Find(string name) => Recipes.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));

    public static DatasetRecipe Recipe(string name) => Find(name) ?? throw new ArgumentException(Unknown(name));

    /// <summary>The one message for a name without a recipe, for every entry point.</summary>
    public static string Unknown(string name) => $"unknown dataset '{name}'; expected one of: {string.Join(", ", Names)}";

    private static IEnumerable<DatasetRecipe> BuildRecipes()
    {
        foreach (var kind in Enum.GetValues<NuisanceKind>())
        {
            var nuisance = NuisanceTransforms.Name(kind);
            var fmnist = new DatasetRecipe($"fmnist-{nuisance}-lt", DatasetFamily.FashionMnist, DataFormat.Idx, FashionMnistFolder, 10, LongTailProfile.K49, kind);
            var k49 = new DatasetRecipe($"k49-{nuisance}-lt", DatasetFamily.K49, DataFormat.Npz, null, 49, LongTailProfile.K49, kind);
            foreach (var recipe in new[] { fmnist, k49 })
            {
                yield return recipe;
                yield return recipe with { Name = recipe.Name + TransformationOnlySuffix, TransformationOnly = true };
            }
        }
        yield return new DatasetRecipe("cifar10-lt", DatasetFamily.Cifar10, DataFormat.Cifar, null, 10, LongTailProfile.Exponential(5000, 100),
            Augmentation: TrainAugmentation.CropFlip);
        yield return new DatasetRecipe("cifar100-lt", DatasetFamily.Cifar100, DataFormat.Cifar, null, 100, LongTailProfile.Exponential(500, 100),
            Augmentation: TrainAugmentation.CropFlip);
        yield return new DatasetRecipe("gtsrb-lt", DatasetFamily.Gtsrb, DataFormat.Gtsrb, null, 43, LongTailProfile.Zipf(0, 1.8, 5),
            ValidationFraction: 0.25, MaxSizeFromData: true);
    }
}
