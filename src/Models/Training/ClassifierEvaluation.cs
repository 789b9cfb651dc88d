using GitActors.Models.Data.Datasets;
using GitActors.Models.Metrics;
using static TorchSharp.torch;

namespace GitActors.Models.Training;

/// <summary>
/// Evaluation of a classifier run (SPEC 8): per epoch the balanced accuracy on the validation split when the data set
/// has one (else test); at the end every headline metric on the test set and per-class eKLD under the true nuisance T.
/// eKLD compares x with transforms of the same base image: x is the test image as stored (its base under one fixed
/// transform) and x' a fresh draw of T applied to that base. Given a learned nuisance (GIT's generator), eKLD under T~
/// is reported too, as "munit": x' ~ T~(.|x) sampled from the test image x itself.
/// </summary>
public sealed class ClassifierEvaluation(RunConfig config, DatasetBundle data, ILearnedNuisance? learned = null)
{
    /// <summary>The name of the eKLD report under the learned T~.</summary>
    public const string LearnedTransformName = "munit";

    private readonly PixelNormalizer _normalizer = new(data.Mean, data.Std);

    public EpochSummary EpochSummary(ClassifierSession session, int epoch, double meanLoss, double imagesPerSecond, int steps)
    {
        var heldOut = data.Validation ?? data.Test;
        using var scope = NewDisposeScope();
        var metrics = ClassificationMetrics.FromLogits(session.Logits(heldOut), tensor(heldOut.Labels));
        return new EpochSummary(epoch, meanLoss, session.LearningRate, metrics.BalancedAccuracy, imagesPerSecond, steps);
    }

    public RunResult Final(ClassifierSession session, double trainSeconds)
    {
        using var scope = NewDisposeScope();
        var metrics = ClassificationMetrics.FromLogits(session.Logits(data.Test), tensor(data.Test.Labels));
        var ekld = new List<EkldReport>();
        if (data.Nuisance is { } nuisance && data.TestBase is { } bases && config.Eval.EkldImagesPerClass > 0)
            ekld.Add(TrueTransformEkld(session, nuisance, bases));
        if (learned is not null && config.Eval.EkldImagesPerClass > 0)
            ekld.Add(LearnedTransformEkld(session, learned));
        return new RunResult(metrics.BalancedAccuracy, metrics.Top1, metrics.Top5, metrics.PerClassAccuracy,
            data.TrainClassCounts, ekld, config.Schedule.Epochs, trainSeconds);
    }

    private EkldReport TrueTransformEkld(ClassifierSession session, Data.Nuisance.INuisanceTransform nuisance, Data.ImageSet bases)
    {
        var shape = data.Test.Shape;
        var scratch = new byte[shape.PixelCount];
        float[] Normalized(ReadOnlySpan<byte> image)
        {
            var values = new float[shape.PixelCount];
            _normalizer.Normalize(image, shape.Channels, values);
            return values;
        }
        float[] Transformed(int index, Rng rng)
        {
            bases.Image(index).CopyTo(scratch);
            nuisance.Apply(scratch, shape, rng);
            return Normalized(scratch);
        }
        var result = EkldEstimator.Compute(session.Model, data.Test, Transformed, index => Normalized(data.Test.Image(index)),
            config.Seed, session.Device, config.Eval.EkldImagesPerClass, config.Eval.EkldTransformsPerImage);
        return new EkldReport(nuisance.Name, result.PerClassEkld, result.PerClassArgmaxAgreement,
            config.Eval.EkldImagesPerClass, config.Eval.EkldTransformsPerImage);
    }

    private EkldReport LearnedTransformEkld(ClassifierSession session, ILearnedNuisance nuisance)
    {
        var shape = data.Test.Shape;
        var size = shape.PixelCount;
        long[] Shape(int rows) => [rows, shape.Channels, shape.Height, shape.Width];
        Tensor Transforms(int index, int count, Rng rng)
        {
            var image = new float[size];
            _normalizer.Normalize(data.Test.Image(index), shape.Channels, image);
            // One image, count styles: the generator encodes its content once.
            var transformed = nuisance.Transform(image, count, shape, data.Mean, data.Std, rng.NextUInt64());
            return tensor(transformed, Shape(count), device: session.Device);
        }
        Tensor Originals(int[] indices)
        {
            var values = new float[indices.Length * size];
            for (var i = 0; i < indices.Length; i++)
                _normalizer.Normalize(data.Test.Image(indices[i]), shape.Channels, values.AsSpan(i * size, size));
            return tensor(values, Shape(indices.Length), device: session.Device);
        }
        var result = EkldEstimator.Compute(session.Model, data.Test, Transforms, Originals, config.Seed,
            config.Eval.EkldImagesPerClass, config.Eval.EkldTransformsPerImage);
        return EkldReport.From(result, LearnedTransformName, config.Eval.EkldImagesPerClass);
    }
}
