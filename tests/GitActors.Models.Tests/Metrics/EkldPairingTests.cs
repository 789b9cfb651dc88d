using System.Collections.Concurrent;
using GitActors.Models.Data.Datasets;
using GitActors.Models.Data.Nuisance;
using GitActors.Models.Tests.Training;
using static TorchSharp.torch;

namespace GitActors.Models.Tests.Metrics;

/// <summary>
/// eKLD through the run's evaluation, not the estimator alone (SPEC: x' is drawn from T applied to the same base image
/// as x, where the reference code pairs different images). A recording stub T that leaves its input as it is, and a test
/// set whose stored images equal their bases, make the pairing visible: paired with its own base, every x' equals x, so
/// each class's eKLD is 0 up to float rounding and argmax agreement is exactly 1; paired with any other image it is not.
/// </summary>
[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
public sealed class EkldPairingTests
{
    /// <summary>The identity, recording the id (first two pixels) of every base image it is applied to.</summary>
    private sealed class RecordingIdentity : INuisanceTransform
    {
        public ConcurrentBag<int> Bases { get; } = [];

        public string Name => "recording";

        public void Apply(Span<byte> image, ImageShape shape, Rng rng) => Bases.Add(image[0] * 256 + image[1]);
    }

    /// <summary>Each image is noise, different from every other, with its index in its first two pixels.</summary>
    private static ImageSet Noise(int count, int classes, int seed)
    {
        var shape = new ImageShape(1, TinyData.Side, TinyData.Side);
        var rng = new Rng((ulong)seed);
        var pixels = new byte[count * shape.PixelCount];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)rng.NextInt(256);
        for (var i = 0; i < count; i++) (pixels[i * shape.PixelCount], pixels[i * shape.PixelCount + 1]) = ((byte)(i / 256), (byte)(i % 256));
        return new ImageSet(pixels, Enumerable.Range(0, count).Select(i => i % classes).ToArray(), shape, classes);
    }

    [Fact]
    public void Each_transformed_image_is_compared_with_the_image_made_from_its_own_base()
    {
        var tiny = TinyData.Bundle();
        var test = Noise(6 * TinyData.Classes, TinyData.Classes, seed: 5);
        var recording = new RecordingIdentity();
        var bundle = new DatasetBundle
        {
            Name = tiny.Name,
            Train = tiny.Train,
            Test = test,
            TestBase = test,
            Nuisance = recording,
            TrainClassCounts = tiny.TrainClassCounts,
            RankOrder = tiny.RankOrder,
            Mean = tiny.Mean,
            Std = tiny.Std,
        };
        var config = TinyData.Config(epochs: 1) with { Eval = new EvalSpec(EkldImagesPerClass: 4, EkldTransformsPerImage: 3) };
        using var session = new ClassifierSession(config, bundle, CPU);

        var report = Assert.Single(new ClassifierEvaluation(config, bundle).Final(session, trainSeconds: 0).Ekld);

        Assert.Equal("recording", report.Transform);
        Assert.All(report.PerClassEkld, v => Assert.InRange(v, 0, 1e-9));
        Assert.All(report.PerClassArgmaxAgreement, v => Assert.Equal(1.0, v));
        // T was applied to base images only, 4 per class, each 3 times.
        var uses = recording.Bases.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4 * TinyData.Classes, uses.Count);
        Assert.All(uses.Values, n => Assert.Equal(3, n));
        Assert.All(uses.Keys.GroupBy(id => test.Labels[id]), perClass => Assert.Equal(4, perClass.Count()));
    }
}
