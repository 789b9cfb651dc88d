using GitActors.Models.Data.LongTail;
using GitActors.Models.Data.Nuisance;
using GitActors.Models.Data.Readers;

namespace GitActors.Models.Data.Datasets;

/// <summary>
/// How a dataset is built from its recipe (SPEC 1-2). Nothing is cached on disk: every Load rebuilds from the
/// source files, deterministically from the DataSpec alone (never the run seed), so all runs of one ordering see the
/// same data. Random streams:
/// <list type="bullet">
/// <item>class ranks: <see cref="ClassOrdering.RankOrder"/> (ordering o);</item>
/// <item>which images each class keeps: Rng.ForStream(o, "long-tail-selection");</item>
/// <item>the train nuisance (each image transformed once): Rng.ForStream(o, "train-nuisance");</item>
/// <item>validation hold-out and the test/validation nuisance: fixed (seed 0, "validation-split", "test-nuisance",
/// "validation-nuisance"), so every ordering is scored on the same held-out images.</item>
/// </list>
/// Names and recipes: <see cref="DatasetRegistry"/>.
/// </summary>
public static class DatasetCatalog
{
    public const int TransformationOnlyBaseImages = 5;

    public static DatasetBundle Load(DataSpec spec)
    {
        var recipe = DatasetRegistry.Recipe(spec.Dataset);
        if (spec.Format is { } format && DatasetReader.ParseFormat(format) != recipe.Format)
            throw new ArgumentException($"dataset {recipe.Name} reads {recipe.Format.ToString().ToLowerInvariant()} files, not '{format}'");
        var splits = DatasetReader.Read(FormatName(recipe.Format), SourceFolder(recipe, spec), spec.TestPath);
        var test = splits.Test ?? throw new ArgumentException(
            $"dataset {recipe.Name} needs a test split: none found for {SourceFolder(recipe, spec)}" +
            (recipe.Format == DataFormat.Gtsrb ? " (give DataSpec.TestPath, the Final_Test/Images folder with GT-final_test.csv)" : ""));
        if (splits.Train.ClassCount != recipe.ClassCount)
            throw new ArgumentException($"dataset {recipe.Name} needs {recipe.ClassCount} classes; {SourceFolder(recipe, spec)} has {splits.Train.ClassCount}");
        return Build(recipe, spec.Ordering, splits.Train, test, spec.TrainLimit, spec.TestLimit);
    }

    /// <summary>Builds a bundle from already-read images (Load's second half; tests use it with small sets).</summary>
    public static DatasetBundle Build(DatasetRecipe recipe, int ordering, ImageSet source, ImageSet test,
        int? trainLimit = null, int? testLimit = null)
    {
        CheckLimit(recipe, "train limit", trainLimit);
        CheckLimit(recipe, "test limit", testLimit);
        var nuisance = recipe.Nuisance is { } kind ? NuisanceTransforms.Create(kind) : null;
        ImageSet? validation = null;
        if (recipe.ValidationFraction > 0)
            (source, validation) = ValidationSplit.Split(source, recipe.ValidationFraction, Rng.ForStream(0, "validation-split"));

        var profile = recipe.MaxSizeFromData ? recipe.Profile with { MaxSize = source.ClassCounts().Max() } : recipe.Profile;
        var sizes = profile.Sizes(source.ClassCount);
        var ranks = ClassOrdering.RankOrder(ordering, source.ClassCount);
        var selection = Rng.ForStream(ordering, "long-tail-selection");
        var trainNuisance = Rng.ForStream(ordering, "train-nuisance");
        LongTailSet longTail;
        if (recipe.TransformationOnly)
            longTail = LongTailBuilder.BuildTransformationOnly(source, sizes, ranks,
                nuisance ?? throw new ArgumentException($"{recipe.Name}: transformation-only needs a nuisance"),
                selection, trainNuisance, TransformationOnlyBaseImages);
        else
        {
            longTail = LongTailBuilder.Build(source, sizes, ranks, selection);
            if (nuisance is not null)
            {
                longTail = longTail with { Bases = Copy(longTail.Images) };
                NuisanceTransforms.ApplyToAll(longTail.Images, nuisance, trainNuisance);
            }
        }
        ImageSet? testBase = null;
        if (nuisance is not null)
        {
            testBase = Copy(test);
            NuisanceTransforms.ApplyToAll(test, nuisance, Rng.ForStream(0, "test-nuisance"));
            if (validation is not null) NuisanceTransforms.ApplyToAll(validation, nuisance, Rng.ForStream(0, "validation-nuisance"));
        }
        // Limits apply after every random draw, so a limited set is a subset of the full one, image for image.
        var (train, trainBase) = (longTail.Images, longTail.Bases);
        if (trainLimit is { } trainKeep)
        {
            var kept = LimitedIndices(train.Labels, train.ClassCount, trainKeep);
            (train, trainBase) = (train.Subset(kept), trainBase?.Subset(kept));
        }
        if (testLimit is { } limit)
        {
            var kept = LimitedIndices(test.Labels, test.ClassCount, limit);
            test = test.Subset(kept);
            testBase = testBase?.Subset(kept);
        }

        var (mean, std) = ChannelStatistics.Compute(train);
        return new DatasetBundle
        {
            Name = recipe.Name,
            Train = train,
            TrainBase = trainBase,
            Test = test,
            TestBase = testBase,
            Validation = validation,
            Nuisance = nuisance,
            TrainClassCounts = train.ClassCounts(),
            RankOrder = longTail.RankOrder,
            Mean = mean,
            Std = std,
            Augmentation = recipe.Augmentation,
        };
    }

    private static ImageSet Copy(ImageSet set) => new((byte[])set.Pixels.Clone(), set.Labels, set.Shape, set.ClassCount);

    /// <summary>
    /// Indices (in set order) of the first ceil(limit x n_c / N) images of each class c, where n_c is the class's count
    /// and N the set's size: a subsample that keeps the class profile. Classes stay non-empty.
    /// </summary>
    public static int[] LimitedIndices(IReadOnlyList<int> labels, int classCount, int limit)
    {
        if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "a data limit must be at least 1");
        var counts = new long[classCount];
        foreach (var label in labels) counts[label]++;
        var quota = counts.Select(n => (long)Math.Ceiling((double)limit * n / labels.Count)).ToArray();
        var taken = new long[classCount];
        var kept = new List<int>(Math.Min(labels.Count, limit + classCount));
        for (var i = 0; i < labels.Count; i++)
            if (taken[labels[i]]++ < quota[labels[i]]) kept.Add(i);
        return kept.ToArray();
    }

    private static void CheckLimit(DatasetRecipe recipe, string what, int? limit)
    {
        if (limit is < 1) throw new ArgumentException($"dataset {recipe.Name}: {what} must be at least 1, got {limit}");
    }

    private static string SourceFolder(DatasetRecipe recipe, DataSpec spec)
    {
        if (spec.Path is { } path) return path;
        if (recipe.DefaultPath is null)
            throw new ArgumentException($"dataset {recipe.Name} reads your {FormatName(recipe.Format)} files: set the data path (DataSpec.Path)");
        if (recipe.DefaultPath == DatasetRegistry.FashionMnistFolder && !Directory.Exists(DatasetRegistry.FashionMnistFolder))
            throw new DirectoryNotFoundException(
                $"Fashion-MNIST not found at {DatasetRegistry.FashionMnistFolder}; install it with: apt-get install dataset-fashion-mnist");
        return recipe.DefaultPath;
    }

    private static string FormatName(DataFormat format) => format.ToString().ToLowerInvariant();
}
