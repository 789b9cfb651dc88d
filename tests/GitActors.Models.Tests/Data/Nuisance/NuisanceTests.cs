using GitActors.Models.Data.Nuisance;

namespace GitActors.Models.Tests.Data.Nuisance;

public sealed class NuisanceTests
{
    private static readonly ImageShape Grey5 = new(1, 5, 5);

    private static byte[] Ramp(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 37 % 251 + 1)).ToArray();

    [Fact]
    public void BackgroundSetsEveryZeroToOneValueAndLeavesTheRest()
    {
        var original = new byte[200];
        for (var i = 0; i < original.Length; i += 3) original[i] = (byte)(i % 255 + 1); // 1/3 foreground
        var shape = new ImageShape(2, 10, 10);

        for (var seed = 0; seed < 20; seed++)
        {
            var image = original.ToArray();
            BackgroundNuisance.Instance.Apply(image, shape, new Rng((ulong)seed));
            var fills = image.Where((_, i) => original[i] == 0).Distinct().ToArray();
            var fill = Assert.Single(fills);
            Assert.InRange(fill, 0, 99);
            Assert.All(Enumerable.Range(0, image.Length).Where(i => original[i] != 0), i => Assert.Equal(original[i], image[i]));
        }
    }

    [Fact]
    public void BackgroundDrawsSpanTheRange()
    {
        var seen = new HashSet<byte>();
        var rng = new Rng(5);
        for (var i = 0; i < 2000; i++)
        {
            var image = new byte[1];
            BackgroundNuisance.Instance.Apply(image, new ImageShape(1, 1, 1), rng);
            seen.Add(image[0]);
        }
        Assert.Equal(100, seen.Count); // 0..99, each reached
    }

    [Fact]
    public void ErosionWithOneIsIdentity()
    {
        var image = Ramp(25);
        var copy = image.ToArray();

        Morphology.Erode(image, Grey5, 1);

        Assert.Equal(copy, image);
    }

    [Fact]
    public void DilatingOneBrightPixelWithThreeGivesASquare()
    {
        var image = new byte[49];
        image[3 * 7 + 2] = 200; // row 3, column 2

        Morphology.Dilate(image, new ImageShape(1, 7, 7), 3);

        for (var y = 0; y < 7; y++)
            for (var x = 0; x < 7; x++)
                Assert.Equal(y is >= 2 and <= 4 && x is >= 1 and <= 3 ? 200 : 0, image[y * 7 + x]);
    }

    [Fact]
    public void EvenKernelsFollowOpenCvAnchor()
    {
        // k = 2: anchor 1, window offsets -1..0, so a bright pixel spreads right and down by one.
        var image = new byte[25];
        image[2 * 5 + 2] = 90;

        Morphology.Dilate(image, Grey5, 2);

        int[] lit = [12, 13, 17, 18];
        for (var i = 0; i < 25; i++) Assert.Equal(lit.Contains(i) ? 90 : 0, image[i]);
    }

    [Fact]
    public void ErosionIgnoresPixelsOutsideTheImage()
    {
        var image = Enumerable.Repeat((byte)50, 25).ToArray();
        image[12] = 10;

        Morphology.Erode(image, Grey5, 2); // offsets -1..0

        // Border pixels stay 50 (outside is ignored, not read as 0); the dark pixel spreads right and down.
        int[] dark = [12, 13, 17, 18];
        for (var i = 0; i < 25; i++) Assert.Equal(dark.Contains(i) ? 10 : 50, image[i]);
    }

    [Fact]
    public void MorphologyActsOnEachChannelAlone()
    {
        var image = new byte[2 * 9];
        image[4] = 100;      // centre of channel 0
        var shape = new ImageShape(2, 3, 3);

        Morphology.Dilate(image, shape, 3);

        Assert.All(image[..9], v => Assert.Equal(100, v));
        Assert.All(image[9..], v => Assert.Equal(0, v));
    }

    [Fact]
    public void RotationByZeroIsIdentity()
    {
        var image = Ramp(3 * 6 * 6);
        var copy = image.ToArray();

        ImageRotation.Rotate(image, new ImageShape(3, 6, 6), 0);

        Assert.Equal(copy, image);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void RotationByNinetyIsTheExactQuarterTurn(int n)
    {
        var image = Ramp(n * n);
        var original = image.ToArray();

        ImageRotation.Rotate(image, new ImageShape(1, n, n), 90);

        // Counter-clockwise as displayed (numpy's rot90): out[y, x] = in[x, n - 1 - y].
        for (var y = 0; y < n; y++)
            for (var x = 0; x < n; x++)
                Assert.Equal(original[x * n + (n - 1 - y)], image[y * n + x]);
    }

    [Fact]
    public void RotationByHalfTurnTwiceRestoresTheImage()
    {
        var image = Ramp(4 * 4);
        var original = image.ToArray();

        ImageRotation.Rotate(image, new ImageShape(1, 4, 4), 180);
        Assert.Equal(original[15], image[0]);
        ImageRotation.Rotate(image, new ImageShape(1, 4, 4), -180);

        Assert.Equal(original, image);
    }

    [Fact]
    public void RotationFillsCornersWithZero()
    {
        var image = Enumerable.Repeat((byte)255, 28 * 28).ToArray();

        ImageRotation.Rotate(image, new ImageShape(1, 28, 28), 45);

        Assert.Equal(0, image[0]);
        Assert.Equal(0, image[27]);
        Assert.Equal(255, image[14 * 28 + 14]);
    }

    [Fact]
    public void RandomTransformsAreReproducibleFromTheRng()
    {
        foreach (var name in NuisanceTransforms.Names)
        {
            var transform = NuisanceTransforms.Create(name);
            var shape = new ImageShape(1, 8, 8);
            var a = Ramp(64);
            a[10] = a[20] = 0;
            var b = a.ToArray();

            transform.Apply(a, shape, new Rng(11));
            transform.Apply(b, shape, new Rng(11));

            Assert.Equal(name, transform.Name);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void UnknownNuisanceNameIsRejected() =>
        Assert.Throws<ArgumentException>(() => NuisanceTransforms.Parse("blur"));
}
