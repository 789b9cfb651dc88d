using GitActors.Models.Data;
using GitActors.Models.Data.Nuisance;
using GitActors.Models.Randomness;
using GitActors.Models.Storage;
using GitActors.Models.Training;
using GitActors.Models.Training.Munit;
using static TorchSharp.torch;

namespace GitActors.Host.Munit;

/// <summary>
/// How well a learned nuisance model T~ works on a synthetic-nuisance dataset, judged by a classifier trained on the
/// balanced set with the true nuisance (the judge):
/// - content kept: the fraction of test images x whose T~(x) the judge labels as x's class; relative content kept
///   divides it by the judge's accuracy on T(x), a fresh draw of the true transform of x's base image, so 1.0 means
///   T~ keeps the class as well as the true nuisance does;
/// - own-style reconstruction: the judge on x decoded from its own content and style codes (what the autoencoding keeps);
/// - nuisance spread: over test images, the std across styles of a per-image nuisance measure (<see cref="NuisanceMeasure"/>)
///   under T~, next to the same figure under the true T;
/// all per class too.
/// </summary>
public static class MunitEvaluation
{
    /// <summary>JudgeCache: a folder where the judge's weights are kept per data set, ordering, seed and epochs, so
    /// evaluations of several checkpoints train it once (null: train it every time).</summary>
    public sealed record Options(int ClassifierEpochs = 2, int ContentImages = 2000, int ContentStyles = 1,
        int NuisanceImages = 200, int NuisanceStyles = 20, long Seed = 1, int BatchSize = 100, string? JudgeCache = null);

    public sealed record Result(
        string Translation, double ContentKept, double ClassifierTestAccuracy, double TrueTransformAccuracy,
        double RelativeContentKept, double ReconstructionKept,
        IReadOnlyList<ClassContent> Classes, int ContentImages, int ContentStyles,
        string NuisanceMeasure, double NuisanceSpread, double TrueNuisanceSpread, int NuisanceImages, int NuisanceStyles,
        int BalancedTrainImages, int ClassifierEpochs, double Seconds);

    /// <summary>
    /// One class's test images: the judge's accuracy on x, on T(x), on T~(x) (content kept) and on x's own-style
    /// reconstruction; relative content kept = content kept / accuracy on T(x).
    /// </summary>
    public sealed record ClassContent(int Label, int Images, double Accuracy, double TrueTransformAccuracy, double ContentKept,
        double RelativeContentKept, double ReconstructionKept);

    private sealed record ContentFigures(double Kept, double Accuracy, double TrueAccuracy, double ReconstructionKept, IReadOnlyList<ClassContent> Classes);

    public static Result Run(MunitSampler sampler, DatasetBundle longTailed, ImageSet balancedSource, Options options, Device device,
        Action<string>? log = null)
    {
        if (longTailed.Nuisance is null || longTailed.TestBase is null)
            throw new ArgumentException($"{longTailed.Name} has no synthetic nuisance: the evaluation needs the test images' bases");
        var measure = NuisanceMeasure.For(longTailed.Nuisance);
        var clock = Stopwatch.StartNew();
        var balanced = BalancedWithNuisance(longTailed, balancedSource, options.Seed);
        log?.Invoke($"training simplecnn on the balanced set with the nuisance: {balanced.Train.Count} images, {options.ClassifierEpochs} epochs");
        using var session = Judge(balanced, longTailed.Name, options, device, log);
        var selected = Selected(longTailed.Test.Count, options.ContentImages, options.Seed, "content");
        var test = Subset(longTailed.Test, selected);
        var trueTransformed = Subset(longTailed.TestBase, selected);
        NuisanceTransforms.ApplyToAll(trueTransformed, longTailed.Nuisance, Rng.ForStream(options.Seed, "true-transform"));
        var content = ContentKept(session, sampler, balanced, test, trueTransformed, options);
        log?.Invoke($"content kept {content.Kept:P1} (judge on x: {content.Accuracy:P1}, on T(x): {content.TrueAccuracy:P1}, on x's reconstruction: {content.ReconstructionKept:P1})");
        var (learned, truth) = NuisanceSpread(sampler, longTailed.Test, longTailed.TestBase, longTailed.Nuisance, measure,
            Selected(longTailed.Test.Count, options.NuisanceImages, options.Seed, "background"), options, device);
        return new Result(MunitTranslationNames.Name(sampler.Translation), content.Kept, content.Accuracy, content.TrueAccuracy,
            content.Kept / content.TrueAccuracy, content.ReconstructionKept, content.Classes, test.Count, options.ContentStyles,
            measure.Description, learned, truth, options.NuisanceImages, options.NuisanceStyles, balanced.Train.Count,
            options.ClassifierEpochs, clock.Elapsed.TotalSeconds);
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

    /// <summary>The judge from the cache when it holds one for this data set and recipe, else trained (and cached).</summary>
    private static ClassifierSession Judge(DatasetBundle balanced, string dataset, Options options, Device device, Action<string>? log)
    {
        if (options.JudgeCache is null) return TrainBalancedClassifier(balanced, options, device);
        var path = Path.Combine(options.JudgeCache, $"judge-{dataset}-s{options.Seed}-e{options.ClassifierEpochs}.weights");
        if (File.Exists(path))
        {
            var cached = new ClassifierSession(JudgeConfig(balanced, options), balanced, device);
            try { cached.Model.load(path); }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
            {
                cached.Dispose();
                throw new InvalidDataException($"{path}: not the judge's weights: {e.Message}", e);
            }
            log?.Invoke($"judge loaded from {path}");
            return cached;
        }
        var session = TrainBalancedClassifier(balanced, options, device);
        Directory.CreateDirectory(options.JudgeCache);
        AtomicFile.Write(path, file =>
        {
            using var writer = new BinaryWriter(file, System.Text.Encoding.UTF8, leaveOpen: true);
            session.Model.save(writer);
        });
        return session;
    }

    private static RunConfig JudgeConfig(DatasetBundle balanced, Options options) =>
        new(new DataSpec(balanced.Name), ModelKind.SimpleCnn, new LossSpec(), TrainRule.None, new AugmentSpec(),
            new ScheduleSpec(Epochs: options.ClassifierEpochs, BaseLr: 0.05, WarmupEpochs: 0,
                Stage1Epoch: options.ClassifierEpochs, Stage2Epoch: options.ClassifierEpochs),
            new EvalSpec(), (int)options.Seed);

    /// <summary>ERM simplecnn at a constant lr of 0.05: enough for a reference classifier in two epochs.</summary>
    public static ClassifierSession TrainBalancedClassifier(DatasetBundle balanced, Options options, Device device)
    {
        var config = JudgeConfig(balanced, options);
        var session = new ClassifierSession(config, balanced, device);
        var source = new ClassifierBatchSource(config, balanced);
        for (var epoch = 1; epoch <= options.ClassifierEpochs; epoch++)
        {
            session.BeginEpoch(epoch);
            for (var step = 0; step < source.StepsPerEpoch; step++) session.TrainStep(source.Build(epoch, step));
        }
        return session;
    }

    /// <summary>The judge's hits on x, T(x), x's reconstruction and T~(x) (each style), in total and per class.</summary>
    private static ContentFigures ContentKept(ClassifierSession session, MunitSampler sampler, DatasetBundle balanced,
        ImageSet test, ImageSet trueTransformed, Options options)
    {
        var mapping = new MunitPixelMapping(balanced.Mean, balanced.Std);
        using var random = new Generator(Rng.ForStream(options.Seed, "content-styles").NextUInt64());
        var classes = test.ClassCount;
        var images = new long[classes];
        var correct = new long[classes];
        var correctTrue = new long[classes];
        var reconstructed = new long[classes];
        var agree = new long[classes];
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
            Tally(correctTrue, labels, Hits(Munit(trueTransformed, start, count, session.Device)));
            Tally(reconstructed, labels, Hits(sampler.Reconstruct(x)));
            for (var s = 0; s < options.ContentStyles; s++) Tally(agree, labels, Hits(sampler.Sample(x, random)));

            bool[] Hits(Tensor munitImages) =>
                session.Model.forward(mapping.ToClassifier(munitImages)).argmax(1).eq(target).cpu().data<bool>().ToArray();
        }
        var perClass = Enumerable.Range(0, classes).Where(c => images[c] > 0)
            .Select(c =>
            {
                var kept = (double)agree[c] / (images[c] * options.ContentStyles);
                var trueAccuracy = (double)correctTrue[c] / images[c];
                return new ClassContent(c, (int)images[c], (double)correct[c] / images[c], trueAccuracy, kept, kept / trueAccuracy,
                    (double)reconstructed[c] / images[c]);
            })
            .ToArray();
        return new ContentFigures((double)agree.Sum() / (test.Count * options.ContentStyles), (double)correct.Sum() / test.Count,
            (double)correctTrue.Sum() / test.Count, (double)reconstructed.Sum() / test.Count, perClass);

        static void Tally(long[] counts, int[] labels, bool[] hits)
        {
            for (var i = 0; i < labels.Length; i++) if (hits[i]) counts[labels[i]]++;
        }
    }

    /// <summary>
    /// Mean over images of the std (n - 1) across styles of the nuisance measure of T~(x), and the same across fresh
    /// draws of the true T applied to x's base image. BG images without a background pixel are left out.
    /// </summary>
    public static (double Learned, double True) NuisanceSpread(MunitSampler sampler, ImageSet test, ImageSet testBase,
        INuisanceTransform nuisance, NuisanceMeasure measure, int[] images, Options options, Device device)
    {
        if (options.NuisanceStyles < 2) throw new ArgumentException("the nuisance spread needs at least 2 styles per image");
        using var random = new Generator(Rng.ForStream(options.Seed, "background-styles").NextUInt64());
        var trueRng = Rng.ForStream(options.Seed, "true-nuisance-spread");
        var learned = new List<double>();
        var truth = new List<double>();
        foreach (var index in images)
        {
            using var scope = NewDisposeScope();
            var basePixels = testBase.Image(index);
            var x = Munit(test, index, 1, device).expand(options.NuisanceStyles, -1, -1, -1).contiguous();
            var styled = measure.Of(sampler.Sample(x, random).add(1).mul_(127.5), basePixels).std().cpu().item<float>();
            var draws = Repeated(testBase, index, options.NuisanceStyles);
            NuisanceTransforms.ApplyToAll(draws, nuisance, new Rng(trueRng.NextUInt64()));
            var drawn = measure.Of(Munit(draws, 0, draws.Count, device).add(1).mul_(127.5), basePixels).std().cpu().item<float>();
            if (float.IsNaN(styled) || float.IsNaN(drawn)) continue;
            learned.Add(styled);
            truth.Add(drawn);
        }
        if (learned.Count == 0) throw new ArgumentException("none of the selected test images has a measurable nuisance (BG: no background pixel)");
        return (learned.Average(), truth.Average());
    }

    private static ImageSet Repeated(ImageSet set, int index, int count)
    {
        var size = set.Shape.PixelCount;
        var pixels = new byte[count * size];
        for (var i = 0; i < count; i++) set.Image(index).CopyTo(pixels.AsSpan(i * size, size));
        return new ImageSet(pixels, Enumerable.Repeat(set.Labels[index], count).ToArray(), set.Shape, set.ClassCount);
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
