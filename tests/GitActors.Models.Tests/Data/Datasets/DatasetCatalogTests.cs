using GitActors.Models.Data.Datasets;

namespace GitActors.Models.Tests.Data.Datasets;

public sealed class DatasetCatalogTests
{
    [Fact]
    public void FashionMnistRotLoadsWithK49ClassSizes()
    {
        var bundle = DatasetCatalog.Load(new DataSpec("fmnist-rot-lt", Ordering: 2));

        var bySize = bundle.RankOrder.Select(c => bundle.TrainClassCounts[c]).ToArray();
        Assert.Equal([4800, 1200, 533, 300, 192, 133, 97, 75, 59, 48], bySize);
        Assert.Equal(7437, bundle.Train.Count);
        Assert.Equal(10000, bundle.Test.Count);
        Assert.All(bundle.Test.ClassCounts(), n => Assert.Equal(1000, n)); // the test set stays balanced
        Assert.Equal(new ImageShape(1, 28, 28), bundle.Shape);
        Assert.Equal("rot", bundle.Nuisance!.Name);
        Assert.Null(bundle.Validation);
        Assert.Equal(TrainAugmentation.None, bundle.Augmentation);
        // Normalisation statistics of the long-tailed training set (SPEC: per-channel mean and std, 0..1 units), derived
        // here two-pass in float64 from a histogram of the grey levels, to within the float they are stored in.
        var histogram = new long[256];
        foreach (var value in bundle.Train.Pixels) histogram[value]++;
        var n = (double)histogram.Sum();
        var mean = Enumerable.Range(0, 256).Sum(v => histogram[v] * (v / 255.0)) / n;
        var std = Math.Sqrt(Enumerable.Range(0, 256).Sum(v => histogram[v] * Math.Pow(v / 255.0 - mean, 2)) / n);
        Assert.Equal(bundle.Train.Count * 28 * 28, n);
        Assert.True(Math.Abs(mean - bundle.Mean[0]) <= 2e-7 * mean, $"mean {bundle.Mean[0]:R}, expected {mean:R}");
        Assert.True(Math.Abs(std - bundle.Std[0]) <= 2e-7 * std, $"std {bundle.Std[0]:R}, expected {std:R}");
    }

    [Fact]
    public void SameOrderingGivesSameDataAndDifferentOrderingDiffers()
    {
        var a = DatasetCatalog.Load(new DataSpec("fmnist-bg-lt", Ordering: 1));
        var b = DatasetCatalog.Load(new DataSpec("fmnist-bg-lt", Ordering: 1));
        var c = DatasetCatalog.Load(new DataSpec("fmnist-bg-lt", Ordering: 5));

        Assert.Equal(a.Train.Pixels, b.Train.Pixels);
        Assert.Equal(a.RankOrder, b.RankOrder);
        Assert.NotEqual(a.RankOrder, c.RankOrder);
        Assert.Equal(a.Test.Pixels, c.Test.Pixels); // every ordering is scored on the same test images
    }

    [Fact]
    public void BackgroundVariantFillsEachImagesZerosWithOneLevelAndKeepsEveryOtherPixel()
    {
        var bundle = DatasetCatalog.Load(new DataSpec("fmnist-bg-lt"));
        var bases = bundle.TrainBase!;

        // Per image, from its untransformed base: every pixel that was not 0 is unchanged, every pixel that was 0 holds
        // the same fill b in 0..99. So an image keeps a zero pixel exactly when its fill is 0, and no other zero exists.
        var fills = new List<int>();
        var imagesWithZero = 0;
        for (var i = 0; i < bundle.Train.Count; i++)
        {
            var image = bundle.Train.Image(i).ToArray();
            var original = bases.Image(i).ToArray();
            var filled = Enumerable.Range(0, image.Length).Where(p => original[p] == 0).Select(p => image[p]).Distinct().ToArray();
            Assert.True(filled.Length <= 1, $"image {i} has {filled.Length} background levels");
            Assert.All(Enumerable.Range(0, image.Length).Where(p => original[p] != 0), p => Assert.Equal(original[p], image[p]));
            if (filled.Length == 1) fills.Add(filled[0]);
            if (image.Contains((byte)0)) imagesWithZero++;
        }
        Assert.All(fills, b => Assert.InRange(b, 0, 99));
        Assert.Equal(fills.Count(b => b == 0), imagesWithZero);
        Assert.Equal(bundle.Train.Count, fills.Count); // every Fashion-MNIST image has background pixels
    }

    [Fact]
    public void UserDatasetsNeedAPath() =>
        Assert.Contains("DataSpec.Path", Assert.Throws<ArgumentException>(() => DatasetCatalog.Load(new DataSpec("k49-dil-lt"))).Message);

    [Fact]
    public void GtsrbRecipeHoldsOutAQuarterThenUsesTheLargestRemainingClass()
    {
        // 3 classes of 40, 20, 8 images: hold out 10, 5, 2; the largest left (30) is n_max; Zipf 1.8 gives 30, 8, 5.
        var counts = new[] { 40, 20, 8 };
        var labels = counts.SelectMany((n, c) => Enumerable.Repeat(c, n)).ToArray();
        var source = new ImageSet(new byte[labels.Length * 3], labels, new ImageShape(3, 1, 1), 3);
        var test = new ImageSet(new byte[3 * 3], [0, 1, 2], new ImageShape(3, 1, 1), 3);

        var bundle = DatasetCatalog.Build(DatasetRegistry.Recipe("gtsrb-lt"), 0, source, test);

        Assert.Equal([10, 5, 2], bundle.Validation!.ClassCounts());
        Assert.Equal([30, 8, 5], bundle.RankOrder.Select(c => bundle.TrainClassCounts[c]));
        Assert.Null(bundle.Nuisance);
    }

    [Fact]
    public void CifarRecipesUseCropFlipAndExponentialProfile()
    {
        var recipe = DatasetRegistry.Recipe("cifar10-lt");

        Assert.Equal(TrainAugmentation.CropFlip, recipe.Augmentation);
        Assert.Equal(12406, recipe.Profile.Sizes(10).Sum());
        Assert.Equal(500, DatasetRegistry.Recipe("cifar100-lt").Profile.MaxSize);
    }
}

public sealed class DatasetLimitTests
{
    [Fact]
    public void LimitedIndicesKeepTheFirstCeilOfEachClassShareInSetOrder()
    {
        // counts 5, 2, 1 of N = 8; limit 4 gives quotas ceil(2.5) = 3, ceil(1) = 1, ceil(0.5) = 1.
        int[] labels = [0, 0, 0, 0, 1, 1, 2, 0];

        Assert.Equal([0, 1, 2, 4, 6], DatasetCatalog.LimitedIndices(labels, 3, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetCatalog.LimitedIndices(labels, 3, 0));
    }

    [Fact]
    public void TrainAndTestLimitsSubsampleTheFullSetImageForImage()
    {
        var full = DatasetCatalog.Load(new DataSpec("fmnist-bg-lt"));
        var limited = DatasetCatalog.Load(new DataSpec("fmnist-bg-lt", TrainLimit: 600, TestLimit: 500));

        // K49 profile 4800, 1200, 533, ... of 7437: ceil(600 n / 7437) per class, largest first.
        var bySize = limited.RankOrder.Select(c => limited.TrainClassCounts[c]).ToArray();
        Assert.Equal([388, 97, 44, 25, 16, 11, 8, 7, 5, 4], bySize);
        Assert.Equal(605, limited.Train.Count);
        Assert.All(limited.Test.ClassCounts(), n => Assert.Equal(50, n));
        Assert.Equal(full.RankOrder, limited.RankOrder);
        // Each kept image is the full set's image at the index LimitedIndices names (nuisance draws unchanged).
        var trainKept = DatasetCatalog.LimitedIndices(full.Train.Labels, 10, 600);
        Assert.Equal(full.Train.Subset(trainKept).Pixels, limited.Train.Pixels);
        var testKept = DatasetCatalog.LimitedIndices(full.Test.Labels, 10, 500);
        Assert.Equal(full.Test.Subset(testKept).Pixels, limited.Test.Pixels);
        Assert.Equal(full.TestBase!.Subset(testKept).Pixels, limited.TestBase!.Pixels);
    }
}
