using GitActors.Models.Data.Datasets;
using GitActors.Models.Metrics;
using GitActors.Models.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace GitActors.Actors.Tests.Training;

/// <summary>
/// Per-class eKLD recomputed from its definition (SPEC 8) in float64, one image at a time, for checking what a run
/// reported: for each held-out test image x, KL(p(.|x) || p(.|x')) averaged over its transforms x', where x' comes
/// from x's own stream "ekld-transform-{index}" (true T: applied to x's base image; T~: one generator seed drawn from
/// that stream, every style from it).
/// </summary>
internal static class EkldReference
{
    public static double[] UnderTrueTransform(nn.Module<Tensor, Tensor> model, DatasetBundle data, long seed, int imagesPerClass, int transformsPerImage)
    {
        var shape = data.Test.Shape;
        return PerClass(model, data, seed, imagesPerClass, (index, rng) =>
        {
            var transformed = new List<float[]>();
            for (var t = 0; t < transformsPerImage; t++)
            {
                var pixels = data.TestBase!.Image(index).ToArray();
                data.Nuisance!.Apply(pixels, shape, rng);
                transformed.Add(Normalized(pixels, data));
            }
            return transformed;
        });
    }

    public static double[] UnderLearnedTransform(nn.Module<Tensor, Tensor> model, DatasetBundle data, MunitSampler sampler, long seed, int imagesPerClass, int transformsPerImage)
    {
        var shape = data.Test.Shape;
        var mapping = new MunitPixelMapping(data.Mean, data.Std);
        return PerClass(model, data, seed, imagesPerClass, (index, rng) =>
        {
            using var scope = NewDisposeScope();
            using var random = new Generator(rng.NextUInt64());
            var x = tensor(Normalized(data.Test.Image(index).ToArray(), data), [1, shape.Channels, shape.Height, shape.Width]);
            var samples = mapping.ToClassifier(sampler.SampleStyles(mapping.ToMunit(x), transformsPerImage, random));
            return Enumerable.Range(0, transformsPerImage).Select(t => samples[t].flatten().data<float>().ToArray()).ToList();
        });
    }

    private static double[] PerClass(nn.Module<Tensor, Tensor> model, DatasetBundle data, long seed, int imagesPerClass, Func<int, Rng, List<float[]>> transforms)
    {
        var sums = new double[data.Test.ClassCount];
        var pairs = new int[data.Test.ClassCount];
        model.eval();
        using var noGrad = no_grad();
        foreach (var index in EkldEstimator.SelectHeldOut(data.Test, imagesPerClass, seed))
        {
            var p = Probabilities(model, Normalized(data.Test.Image(index).ToArray(), data), data.Test.Shape);
            foreach (var transformed in transforms(index, Rng.ForStream(seed, $"ekld-transform-{index}")))
            {
                var q = Probabilities(model, transformed, data.Test.Shape);
                var label = data.Test.Labels[index];
                sums[label] += p.Zip(q, (pk, qk) => pk * (Math.Log(pk) - Math.Log(qk))).Sum();
                pairs[label]++;
            }
        }
        return sums.Select((sum, c) => sum / pairs[c]).ToArray();
    }

    /// <summary>Softmax of the model's logits for one image, in float64.</summary>
    private static double[] Probabilities(nn.Module<Tensor, Tensor> model, float[] image, ImageShape shape)
    {
        using var scope = NewDisposeScope();
        var logits = model.forward(tensor(image, [1, shape.Channels, shape.Height, shape.Width])).to(ScalarType.Float64).data<double>().ToArray();
        var max = logits.Max();
        var total = logits.Sum(z => Math.Exp(z - max));
        return logits.Select(z => Math.Exp(z - max) / total).ToArray();
    }

    /// <summary>(v / 255 - mean) / std per channel, the classifier's input scale.</summary>
    private static float[] Normalized(byte[] pixels, DatasetBundle data)
    {
        var perChannel = pixels.Length / data.Mean.Length;
        return pixels.Select((v, i) => (v / 255f - data.Mean[i / perChannel]) / data.Std[i / perChannel]).ToArray();
    }
}
