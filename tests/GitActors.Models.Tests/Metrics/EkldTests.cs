using GitActors.Models.Metrics;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GitActors.Models.Tests.Metrics;

[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
public sealed class EkldTests
{
    /// <summary>Logits (s, 0) where s is the image's pixel sum: P(class 0 | x) = sigmoid(s), easy to reason about.</summary>
    private sealed class PixelSumModel() : nn.Module<Tensor, Tensor>("PixelSum")
    {
        public override Tensor forward(Tensor x)
        {
            var s = x.sum([1, 2, 3]);
            return stack([s, zeros_like(s)], 1);
        }
    }

    private static double Sigmoid(double s) => 1 / (1 + Math.Exp(-s));

    private static double Kl2(double p, double q) => p * Math.Log(p / q) + (1 - p) * Math.Log((1 - p) / (1 - q));

    [Fact]
    public void Kl_of_known_distributions()
    {
        using var logP = F.log_softmax(tensor(new float[] { 0, 0 }).reshape(1, 2), 1);
        using var logQ = F.log_softmax(tensor(new float[] { MathF.Log(9), 0 }).reshape(1, 2), 1); // q = (0.9, 0.1)
        using var kl = EkldEstimator.KlDivergence(logP, logQ);
        var expected = 0.5 * Math.Log(0.5 / 0.9) + 0.5 * Math.Log(0.5 / 0.1); // 0.5108
        Assert.Equal(expected, kl.item<float>(), 5);
        Assert.Equal(0.5108, expected, 4);
    }

    [Fact]
    public void Identity_transform_gives_zero_ekld_and_full_agreement()
    {
        var heldOut = RandomImages(perClass: [6, 3, 5], seed: 3);
        float[] Original(int i) => heldOut.Image(i).ToArray().Select(b => (b - 128f) / 64f).ToArray();
        using var model = new SimpleCnn(1, 3, imageSize: 16);
        var result = EkldEstimator.Compute(model, heldOut, (i, _) => Original(i), Original, seed: 1, device: CPU,
            imagesPerClass: 4, transformsPerImage: 5, batchSize: 7);

        Assert.Equal(new[] { 4, 3, 4 }, result.ImagesUsed); // class 1 has only 3 images: all are used
        foreach (var ekld in result.PerClassEkld) Assert.InRange(ekld, -1e-6, 1e-6);
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, result.PerClassArgmaxAgreement);
        Assert.True(model.training, "the model's training mode is restored");
    }

    [Fact]
    public void Each_transform_is_compared_with_its_own_source_image()
    {
        // Image i has pixel sum s_i = 0.3 (i + 1); the transform negates it (class 0) or doubles it (class 1).
        // So every pair of image i contributes KL(sigmoid(s_i) || sigmoid(-s_i)) or KL(sigmoid(s_i) || sigmoid(2 s_i)),
        // a value unique to i: pairing x' with another image's x would change the average.
        var heldOut = RandomImages(perClass: [3, 2], seed: 5, side: 2);
        var sums = Enumerable.Range(0, heldOut.Count).Select(i => 0.3 * (i + 1)).ToArray();
        float[] Image(double sum) => Enumerable.Repeat((float)(sum / 4), 4).ToArray();
        double Transformed(int i) => heldOut.Labels[i] == 0 ? -sums[i] : 2 * sums[i];
        var calls = new int[heldOut.Count];

        using var model = new PixelSumModel();
        var result = EkldEstimator.Compute(model, heldOut,
            (i, _) => { calls[i]++; return Image(Transformed(i)); },
            i => Image(sums[i]), seed: 9, device: CPU, imagesPerClass: 40, transformsPerImage: 3, batchSize: 4);

        Assert.All(calls, n => Assert.Equal(3, n));
        for (var c = 0; c < 2; c++)
        {
            var members = Enumerable.Range(0, heldOut.Count).Where(i => heldOut.Labels[i] == c).ToArray();
            var expected = members.Average(i => Kl2(Sigmoid(sums[i]), Sigmoid(Transformed(i))));
            Assert.Equal(expected, result.PerClassEkld[c], 5);
        }
        Assert.Equal(0.0, result.PerClassArgmaxAgreement[0]); // s > 0 vs -s < 0: the argmax always flips
        Assert.Equal(1.0, result.PerClassArgmaxAgreement[1]); // s and 2s share a sign
    }

    [Fact]
    public void Batched_sampler_gives_the_same_estimate()
    {
        var heldOut = RandomImages(perClass: [3, 2], seed: 5, side: 2);
        var sums = Enumerable.Range(0, heldOut.Count).Select(i => 0.3 * (i + 1)).ToArray();
        using var model = new PixelSumModel();
        var perImage = EkldEstimator.Compute(model, heldOut,
            (i, _) => Enumerable.Repeat((float)(-sums[i] / 4), 4).ToArray(),
            i => Enumerable.Repeat((float)(sums[i] / 4), 4).ToArray(), seed: 9, device: CPU, transformsPerImage: 3);
        var batched = EkldEstimator.Compute(model, heldOut,
            (i, count, _) => full([count, 1, 2, 2], (float)(-sums[i] / 4)),
            images => tensor(images.SelectMany(i => Enumerable.Repeat((float)(sums[i] / 4), 4)).ToArray(), [images.Length, 1, 2, 2]),
            seed: 9, transformsPerImage: 3, batchSize: 2);
        for (var c = 0; c < 2; c++) Assert.Equal(perImage.PerClassEkld[c], batched.PerClassEkld[c], 6);
    }

    [Fact]
    public void Classes_without_held_out_images_are_nan()
    {
        var heldOut = RandomImages(perClass: [2, 0, 2], seed: 1, side: 2);
        using var model = new PixelSumModel3();
        var result = EkldEstimator.Compute(model, heldOut, (i, _) => new float[4], _ => new float[4], seed: 0, device: CPU, transformsPerImage: 2);
        Assert.True(double.IsNaN(result.PerClassEkld[1]));
        Assert.Equal(0, result.ImagesUsed[1]);
        Assert.Equal(0.0, result.PerClassEkld[0]);
    }

    [Fact]
    public void Held_out_selection_is_seeded_and_per_class()
    {
        var heldOut = RandomImages(perClass: [10, 10, 2], seed: 2, side: 2);
        var first = EkldEstimator.SelectHeldOut(heldOut, 4, seed: 11);
        Assert.Equal(first, EkldEstimator.SelectHeldOut(heldOut, 4, seed: 11));
        Assert.NotEqual(first, EkldEstimator.SelectHeldOut(heldOut, 4, seed: 12));
        Assert.Equal(new[] { 4, 4, 2 }, first.GroupBy(i => heldOut.Labels[i]).Select(g => g.Count()));
        Assert.Equal(first.Length, first.Distinct().Count());
    }

    [Fact]
    public void A_wrongly_sized_transform_is_reported()
    {
        var heldOut = RandomImages(perClass: [1, 1], seed: 1, side: 2);
        using var model = new PixelSumModel();
        var error = Assert.Throws<ArgumentException>(() =>
            EkldEstimator.Compute(model, heldOut, (_, _) => new float[3], _ => new float[4], seed: 0, device: CPU));
        Assert.Contains("expected C*H*W = 4", error.Message);
    }

    /// <summary>Three logits (s, 0, 0) for three-class sets.</summary>
    private sealed class PixelSumModel3() : nn.Module<Tensor, Tensor>("PixelSum3")
    {
        public override Tensor forward(Tensor x)
        {
            var s = x.sum([1, 2, 3]);
            return stack([s, zeros_like(s), zeros_like(s)], 1);
        }
    }

    /// <summary>Images grouped by class with random bytes, shuffled so classes interleave.</summary>
    private static ImageSet RandomImages(int[] perClass, long seed, int side = 16)
    {
        var rng = Rng.ForStream(seed, "test-images");
        var labels = perClass.SelectMany((n, c) => Enumerable.Repeat(c, n)).ToArray();
        rng.Shuffle(labels.AsSpan());
        var shape = new ImageShape(1, side, side);
        var pixels = new byte[labels.Length * shape.PixelCount];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)rng.NextInt(256);
        return new ImageSet(pixels, labels, shape, perClass.Length);
    }
}
