using System.Diagnostics;
using GitActors.Models;
using GitActors.Models.Data;
using GitActors.Models.Data.Datasets;
using GitActors.Models.Data.Nuisance;
using GitActors.Models.Randomness;
using GitActors.Models.Training;
using GitActors.Models.Training.Munit;
using static TorchSharp.torch;

namespace GitActors.Host.Munit;

/// <summary>
/// Issue 4's two checks of a learned nuisance model on a synthetic-nuisance dataset:
/// content kept = the fraction of test images x whose T~(x) a classifier trained on the balanced set (with the same
/// nuisance) labels as x; nuisance learned = over test images, the standard deviation across styles of the mean grey
/// level of T~(x) on x's background (the pixels that are 0 in x's base image), averaged over images.
/// Two diagnostics say where content is lost: the same classifier on x's reconstruction from its own content and style
/// codes (what the autoencoding keeps), and content kept per class.
/// </summary>
public static class MunitEvaluation
{
    public sealed record Options(int ClassifierEpochs = 2, int ContentImages = 2000, int ContentStyles = 1,
        int BackgroundImages = 200, int BackgroundStyles = 20, long Seed = 1, int BatchSize = 100);

    public sealed record Result(
        string Translation, double ContentKept, double ClassifierTestAccuracy, double ReconstructionKept,
        IReadOnlyList<ClassContent> Classes, int ContentImages, int ContentStyles,
        double BackgroundStdGreyLevels, int BackgroundImages, int BackgroundStyles,
        int BalancedTrainImages, int ClassifierEpochs, double Seconds);

    /// <summary>One class's test images: the classifier's accuracy on x, and how often it labels T~(x) as x.</summary>
    public sealed record ClassContent(int Label, int Images, double Accuracy, double ContentKept);

    private sealed record ContentFigures(double Kept, double Accuracy, double ReconstructionKept, IReadOnlyList<ClassContent> Classes);

    public static Result Run(MunitSampler sampler, DatasetBundle longTailed, ImageSet balancedSource, Options options, Device device,
        Action<string>? log = null)
    {
        if (longTailed.Nuisance is null || longTailed.TestBase is null)
            throw new ArgumentException($"{longTailed.Name} has no synthetic nuisance: the background check needs the test images' bases");
        var clock = Stopwatch.StartNew();
        var balanced = BalancedWithNuisance(longTailed, balancedSource, options.Seed);
        log?.Invoke($"training simplecnn on the balanced set with the nuisance: {balanced.Train.Count} images, {options.ClassifierEpochs} epochs");
        using var session = TrainBalancedClassifier(balanced, options, device);
        var test = Subset(longTailed.Test, Selected(longTailed.Test.Count, options.ContentImages, options.Seed, "content"));
        var content = ContentKept(session, sampler, balanced, test, options);
        log?.Invoke($"content kept {content.Kept:P1} (classifier accuracy on x: {content.Accuracy:P1}, on x's reconstruction: {content.ReconstructionKept:P1})");
        var background = BackgroundStd(sampler, longTailed.Test, longTailed.TestBase,
            Selected(longTailed.Test.Count, options.BackgroundImages, options.Seed, "background"), options, device);
        return new Result(MunitTranslationNames.Name(sampler.Translation), content.Kept, content.Accuracy, content.ReconstructionKept,
            content.Classes, test.Count, options.ContentStyles, background, options.BackgroundImages,
            options.BackgroundStyles, balanced.Train.Count, options.ClassifierEpochs, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The full (balanced) train set with one draw of the dataset's nuisance per image, as a bundle.</summary>
    public static DatasetBundle BalancedWithNuisance(DatasetBundle longTailed, ImageSet source, long seed)
    {
        var train = new ImageSet((byte[])source.Pixels.Clone(), source.Labels, source.Shape, source.ClassCount);
        NuisanceTransforms.ApplyToAll(train, longTailed.Nuisance!, Rng.ForStream(seed, "balanced-nuisance"));
        var (mean, std) = ChannelStatistics.Compute(train);
        return new DatasetBundle
        {
            Name = longTailed.Name + "-balanced",
            Train = train,
            Test = longTailed.Test,
            TrainClassCounts = train.ClassCounts(),
            RankOrder = Enumerable.Range(0, train.ClassCount).ToArray(),
            Mean = mean,
            Std = std,
        };
    }

    /// <summary>ERM simplecnn at a constant lr of 0.05: enough for a reference classifier in two epochs.</summary>
    public static ClassifierSession TrainBalancedClassifier(DatasetBundle balanced, Options options, Device device)
    {
        var config = new RunConfig(new DataSpec(balanced.Name), ModelKind.SimpleCnn, new LossSpec(), TrainRule.None, new AugmentSpec(),
            new ScheduleSpec(Epochs: options.ClassifierEpochs, BaseLr: 0.05, WarmupEpochs: 0,
                Stage1Epoch: options.ClassifierEpochs, Stage2Epoch: options.ClassifierEpochs),
            new EvalSpec(), (int)options.Seed);
        var session = new ClassifierSession(config, balanced, device);
        var source = new ClassifierBatchSource(config, balanced);
        for (var epoch = 1; epoch <= options.ClassifierEpochs; epoch++)
        {
            session.BeginEpoch(epoch);
            for (var step = 0; step < source.StepsPerEpoch; step++) session.TrainStep(source.Build(epoch, step));
        }
        return session;
    }

    /// <summary>
    /// Fraction of (x, style) pairs where the classifier's label of T~(x) is x's label; its accuracy on x itself and on
    /// x's reconstruction; and the first two per class.
    /// </summary>
    private static ContentFigures ContentKept(ClassifierSession session, MunitSampler sampler, DatasetBundle balanced,
        ImageSet test, Options options)
    {
        var mapping = new MunitPixelMapping(balanced.Mean, balanced.Std);
        using var random = new Generator(Rng.ForStream(options.Seed, "content-styles").NextUInt64());
        var classes = test.ClassCount;
        var images = new long[classes];
        var correct = new long[classes];
        var agree = new long[classes];
        long reconstructed = 0;
        session.Model.eval();
        using var noGrad = no_grad();
        for (var start = 0; start < test.Count; start += options.BatchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(options.BatchSize, test.Count - start);
            var x = Munit(test, start, count, device: session.Device);
            var labels = test.Labels.AsSpan(start, count).ToArray();
            var target = tensor(labels.Select(l => (long)l).ToArray(), device: session.Device);
            foreach (var label in labels) images[label]++;
            Tally(correct, labels, Hits(x));
            reconstructed += Hits(sampler.Reconstruct(x)).Count(hit => hit);
            for (var s = 0; s < options.ContentStyles; s++) Tally(agree, labels, Hits(sampler.Sample(x, random)));

            bool[] Hits(Tensor munitImages) =>
                session.Model.forward(mapping.ToClassifier(munitImages)).argmax(1).eq(target).cpu().data<bool>().ToArray();
        }
        var perClass = Enumerable.Range(0, classes).Where(c => images[c] > 0)
            .Select(c => new ClassContent(c, (int)images[c], (double)correct[c] / images[c], (double)agree[c] / (images[c] * options.ContentStyles)))
            .ToArray();
        return new ContentFigures((double)agree.Sum() / (test.Count * options.ContentStyles), (double)correct.Sum() / test.Count,
            (double)reconstructed / test.Count, perClass);

        static void Tally(long[] counts, int[] labels, bool[] hits)
        {
            for (var i = 0; i < labels.Length; i++) if (hits[i]) counts[labels[i]]++;
        }
    }

    /// <summary>Mean over images of the std (n - 1) across styles of T~(x)'s mean grey level (0..255) on x's background.</summary>
    public static double BackgroundStd(MunitSampler sampler, ImageSet test, ImageSet testBase, int[] images, Options options, Device device)
    {
        var shape = test.Shape;
        if (options.BackgroundStyles < 2) throw new ArgumentException("the background spread needs at least 2 styles per image");
        using var random = new Generator(Rng.ForStream(options.Seed, "background-styles").NextUInt64());
        var spreads = new List<double>();
        foreach (var index in images)
        {
            var mask = testBase.Image(index).ToArray().Select(p => p == 0 ? 1f : 0f).ToArray();
            var background = mask.Sum();
            if (background == 0) continue;
            using var scope = NewDisposeScope();
            var x = Munit(test, index, 1, device).expand(options.BackgroundStyles, -1, -1, -1).contiguous();
            var grey = sampler.Sample(x, random).add(1).mul_(127.5);
            var weights = tensor(mask, [1, shape.Channels, shape.Height, shape.Width], device: device);
            var levels = grey.mul(weights).sum([1, 2, 3]).div_(background);
            spreads.Add(levels.std().cpu().item<float>());
        }
        if (spreads.Count == 0) throw new ArgumentException("none of the selected test images has a background pixel");
        return spreads.Average();
    }

    private static Tensor Munit(ImageSet set, int start, int count, Device device)
    {
        var size = set.Shape.PixelCount;
        var values = new float[count * size];
        var pixels = set.Pixels.AsSpan(start * size, count * size);
        for (var i = 0; i < values.Length; i++) values[i] = pixels[i] * (2f / 255f) - 1f;
        return tensor(values, [count, set.Shape.Channels, set.Shape.Height, set.Shape.Width], device: device);
    }

    /// <summary>The first n of a seeded shuffle (all when n is larger), in ascending order.</summary>
    private static int[] Selected(int total, int n, long seed, string purpose)
    {
        var order = Enumerable.Range(0, total).ToArray();
        Rng.ForStream(seed, "munit-evaluate-" + purpose).Shuffle(order.AsSpan());
        return order.Take(Math.Min(n, total)).Order().ToArray();
    }

    private static ImageSet Subset(ImageSet set, int[] indices)
    {
        var size = set.Shape.PixelCount;
        var pixels = new byte[indices.Length * size];
        for (var i = 0; i < indices.Length; i++) set.Image(indices[i]).CopyTo(pixels.AsSpan(i * size, size));
        return new ImageSet(pixels, indices.Select(i => set.Labels[i]).ToArray(), set.Shape, set.ClassCount);
    }
}
