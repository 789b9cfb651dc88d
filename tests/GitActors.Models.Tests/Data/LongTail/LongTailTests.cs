using GitActors.Models.Data.LongTail;

namespace GitActors.Models.Tests.Data.LongTail;

public sealed class LongTailTests
{
    [Fact]
    public void K49ZipfSizesMatchThePaper()
    {
        var sizes = LongTailProfile.K49.Sizes(49);

        Assert.Equal([4800, 1200, 533, 300, 192, 133, 97, 75, 59, 48], sizes[..10]);
        Assert.Equal(21, sizes.Count(s => s == 5));
        Assert.Equal(7822, sizes.Sum());
        Assert.Equal(6, sizes[27]); // rank 28: floor(4800 / 784) = 6, the last above n_min
    }

    [Fact]
    public void Cifar10ExponentialSizesMatchLdamDrw()
    {
        var sizes = LongTailProfile.Exponential(5000, 100).Sizes(10);

        Assert.Equal([5000, 2997, 1796, 1077, 645, 387, 232, 139, 83, 50], sizes);
        Assert.Equal(12406, sizes.Sum());
    }

    [Fact]
    public void Cifar100ExponentialEndsAtOnePercent()
    {
        var sizes = LongTailProfile.Exponential(500, 100).Sizes(100);

        Assert.Equal(500, sizes[0]);
        Assert.Equal(5, sizes[99]);
        Assert.Equal((int)Math.Floor(500 * Math.Pow(0.01, 1 / 99.0)), sizes[1]); // 477
    }

    [Fact]
    public void OrderingsArePermutationsSeededByIndex()
    {
        var first = ClassOrdering.RankOrder(3, 49);

        Assert.Equal(Enumerable.Range(0, 49), first.Order());
        Assert.Equal(first, ClassOrdering.RankOrder(3, 49));
        Assert.NotEqual(first, ClassOrdering.RankOrder(4, 49));
    }

    /// <summary>classes x perClass images; image pixel 0 holds its own index so picks can be traced.</summary>
    private static ImageSet Balanced(int classes, int perClass)
    {
        var count = classes * perClass;
        var pixels = Enumerable.Range(0, count).Select(i => (byte)i).ToArray();
        var labels = Enumerable.Range(0, count).Select(i => i % classes).ToArray();
        return new ImageSet(pixels, labels, new ImageShape(1, 1, 1), classes);
    }

    [Fact]
    public void BuildGivesEachRankItsSizeWithDistinctImages()
    {
        var source = Balanced(3, 20);
        int[] ranks = [2, 0, 1];

        var set = LongTailBuilder.Build(source, [10, 4, 1], ranks, new Rng(1));

        Assert.Equal([4, 1, 10], set.Images.ClassCounts());
        Assert.Equal([4, 1, 10], set.SizesByLabel);
        var class2 = set.Images.Pixels.Where((_, i) => set.Images.Labels[i] == 2).ToArray();
        Assert.Equal(10, class2.Distinct().Count());
        Assert.All(class2, v => Assert.Equal(2, v % 3)); // picked from class 2 only
    }

    [Fact]
    public void SelectionIsSeeded()
    {
        var source = Balanced(2, 50);
        var a = LongTailBuilder.Build(source, [10, 5], [0, 1], new Rng(7)).Images.Pixels;
        var b = LongTailBuilder.Build(source, [10, 5], [0, 1], new Rng(7)).Images.Pixels;
        var c = LongTailBuilder.Build(source, [10, 5], [0, 1], new Rng(8)).Images.Pixels;

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void ShortClassesCycleThroughTheirImages()
    {
        var source = Balanced(2, 3); // 3 images per class

        var set = LongTailBuilder.Build(source, [7, 2], [1, 0], new Rng(2));

        var class1 = set.Images.Pixels.Where((_, i) => set.Images.Labels[i] == 1).ToArray();
        Assert.Equal(7, class1.Length);
        Assert.Equal(3, class1.Distinct().Count());
        Assert.Equal(class1[..3], class1[3..6]); // the shuffle repeats in the same order
        Assert.Equal(class1[0], class1[6]);
    }

    [Fact]
    public void ValidationSplitHoldsOutAFractionOfEveryClass()
    {
        var source = Balanced(2, 10);

        var (train, validation) = ValidationSplit.Split(source, 0.25, new Rng(3));

        Assert.Equal([3, 3], validation.ClassCounts()); // round(2.5) away from zero
        Assert.Equal([7, 7], train.ClassCounts());
        Assert.Empty(train.Pixels.Intersect(validation.Pixels));
    }

    [Fact]
    public void TransformationOnlyUsesFiveBaseImagesPerClass()
    {
        var source = Balanced(2, 20);
        var marker = new CountingTransform();

        var set = LongTailBuilder.BuildTransformationOnly(source, [12, 3], [0, 1], marker, new Rng(1), new Rng(2));

        Assert.Equal([12, 3], set.Images.ClassCounts());
        Assert.Equal(15, marker.Calls);
        // Pixels were incremented by 100 by the transform; strip it to see the bases.
        var bases = set.Images.Pixels.Where((_, i) => set.Images.Labels[i] == 0).Select(v => v - 100).ToArray();
        Assert.Equal(5, bases.Distinct().Count());
        Assert.Equal(bases[..5], bases[5..10]);
    }

    private sealed class CountingTransform : GitActors.Models.Data.Nuisance.INuisanceTransform
    {
        public int Calls { get; private set; }

        public string Name => "count";

        public void Apply(Span<byte> image, ImageShape shape, Rng rng)
        {
            Calls++;
            image[0] += 100;
        }
    }
}
