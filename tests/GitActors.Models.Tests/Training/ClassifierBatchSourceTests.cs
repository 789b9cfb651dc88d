using GitActors.Models.Data.Datasets;
using GitActors.Models.Data.Nuisance;

namespace GitActors.Models.Tests.Training;

public sealed class ClassifierBatchSourceTests
{
    private static readonly DatasetBundle Data = TinyData.Bundle();

    [Fact]
    public void A_batch_is_a_pure_function_of_epoch_and_step()
    {
        var config = TinyData.Config(rule: TrainRule.Rs);
        var forward = new ClassifierBatchSource(config, Data);
        var backward = new ClassifierBatchSource(config, Data);
        var late = backward.Build(2, 3); // out of order, other epoch first
        var early = backward.Build(1, 0);
        Assert.Equal(forward.Build(1, 0).Images, early.Images);
        Assert.Equal(forward.Build(2, 3).SourceIndices, late.SourceIndices);
        Assert.NotEqual(early.SourceIndices, late.SourceIndices);
    }

    [Fact]
    public void An_epoch_covers_the_data_set_once_in_batches_of_B()
    {
        var config = TinyData.Config(rule: TrainRule.None);
        var source = new ClassifierBatchSource(config, Data);
        Assert.Equal((Data.Train.Count + 15) / 16, source.StepsPerEpoch);
        var seen = Enumerable.Range(0, source.StepsPerEpoch).SelectMany(step => source.Build(1, step).SourceIndices);
        Assert.Equal(Enumerable.Range(0, Data.Train.Count), seen.Order());
        Assert.Equal(Data.Train.Count - 16 * (source.StepsPerEpoch - 1), source.Build(1, source.StepsPerEpoch - 1).Size);
    }

    [Fact]
    public void Images_are_normalised_with_the_long_tailed_train_statistics()
    {
        var source = new ClassifierBatchSource(TinyData.Config(rule: TrainRule.None), Data);
        var batch = source.Build(1, 0);
        var index = batch.SourceIndices[0];
        var pixel = Data.Train.Image(index)[37];
        Assert.Equal((pixel / 255f - Data.Mean[0]) / Data.Std[0], batch.Images[37], 5);
        Assert.Equal(Data.Train.Labels[index], batch.Labels[0]);
    }

    [Fact]
    public void Oracle_transforms_only_candidate_rows_of_small_classes()
    {
        var augment = new AugmentSpec(AugmentKind.Oracle, Fraction: 0.5, ClassSizeCutoff: 13);
        var config = TinyData.Config(augment: augment, rule: TrainRule.Rs);
        var clean = new ClassifierBatchSource(config with { Augment = new AugmentSpec() }, Data).Build(1, 0);
        var oracle = new ClassifierBatchSource(config, Data).Build(1, 0);
        Assert.Equal(clean.SourceIndices, oracle.SourceIndices);
        Assert.Empty(oracle.AugmentRows); // the Oracle is applied here; nothing is left for the generator
        var pixels = Data.Train.Shape.PixelCount;
        var changedRows = Enumerable.Range(0, oracle.Size)
            .Where(row => !clean.Images.AsSpan(row * pixels, pixels).SequenceEqual(oracle.Images.AsSpan(row * pixels, pixels)))
            .ToList();
        Assert.NotEmpty(changedRows);
        Assert.All(changedRows, row =>
        {
            Assert.True(row < 8, $"row {row} is outside the first Round(p|B|) = 8 rows");
            Assert.True(Data.TrainClassCounts[oracle.Labels[row]] <= 13);
        });
    }

    /// <summary>A true T that ignores its Rng: the base image's grey levels inverted, recording each base it was given.</summary>
    private sealed class RecordingInversion : INuisanceTransform
    {
        public List<byte[]> Bases { get; } = [];

        public string Name => "inversion";

        public void Apply(Span<byte> image, ImageShape shape, Rng rng)
        {
            Bases.Add(image.ToArray());
            for (var i = 0; i < image.Length; i++) image[i] = (byte)(255 - image[i]);
        }
    }

    [Fact]
    public void Oracle_changes_every_eligible_row_into_the_true_transform_of_that_rows_base_image()
    {
        // Algorithm 1 with p = 0.5 and K = 13 on B = 16: the eligible rows are the first Round(8) rows whose class has
        // at most 13 training images; the Oracle replaces each with T(base of that row), here exactly the inverted base.
        var inversion = new RecordingInversion();
        var data = new DatasetBundle
        {
            Name = Data.Name,
            Train = Data.Train,
            TrainBase = Data.TrainBase,
            Test = Data.Test,
            TestBase = Data.TestBase,
            Nuisance = inversion,
            TrainClassCounts = Data.TrainClassCounts,
            RankOrder = Data.RankOrder,
            Mean = Data.Mean,
            Std = Data.Std,
        };
        var config = TinyData.Config(augment: new AugmentSpec(AugmentKind.Oracle, Fraction: 0.5, ClassSizeCutoff: 13), rule: TrainRule.Rs);
        var batch = new ClassifierBatchSource(config, data).Build(1, 0);
        var shape = data.Train.Shape;
        var pixels = shape.PixelCount;
        var normalizer = new PixelNormalizer(data.Mean, data.Std);
        float[] Normalized(byte[] image)
        {
            var values = new float[pixels];
            normalizer.Normalize(image, shape.Channels, values);
            return values;
        }

        var eligible = Enumerable.Range(0, 8).Where(row => data.TrainClassCounts[batch.Labels[row]] <= 13).ToList();
        Assert.NotEmpty(eligible);
        Assert.NotEqual(8, eligible.Count);   // the batch has rows of both kinds, so the cutoff is exercised
        for (var row = 0; row < batch.Size; row++)
        {
            var index = batch.SourceIndices[row];
            var expected = eligible.Contains(row)
                ? Normalized(data.TrainBase!.Image(index).ToArray().Select(p => (byte)(255 - p)).ToArray())
                : Normalized(data.Train.Image(index).ToArray());
            Assert.Equal(expected, batch.Images.AsSpan(row * pixels, pixels).ToArray());
        }
        // T saw exactly the eligible rows' base images, in row order.
        Assert.Equal(eligible.Select(row => data.TrainBase!.Image(batch.SourceIndices[row]).ToArray()), inversion.Bases);
    }

    [Fact]
    public void Git_batches_list_exactly_the_candidate_rows_of_classes_at_or_under_the_cutoff()
    {
        var config = TinyData.Config(augment: new AugmentSpec(AugmentKind.Git, Fraction: 0.5, ClassSizeCutoff: 13), rule: TrainRule.Rs);
        var source = new ClassifierBatchSource(config, Data);
        var rows = 0;
        for (var step = 0; step < source.StepsPerEpoch; step++)
        {
            var batch = source.Build(2, step);
            var candidates = (int)Math.Round(0.5 * batch.Size, MidpointRounding.AwayFromZero);   // Round(p|B|), halves up
            var expected = Enumerable.Range(0, candidates).Where(row => Data.TrainClassCounts[batch.Labels[row]] <= 13).ToArray();
            Assert.Equal(expected, batch.AugmentRows);
            rows += expected.Length;
        }
        Assert.InRange(rows, 1, source.StepsPerEpoch * 8 - 1);   // some rows kept, some dropped by K over the epoch
    }

    [Fact]
    public void Git_independent_stream_rows_are_drawn_class_balanced()
    {
        // The reference code's option: the generated part comes from a separate class-balanced (RS) stream, p(i) ~ 1/n_y.
        // Over 40 epochs of every step, each class's share of those rows is 1/4 within 4 binomial standard deviations.
        var config = TinyData.Config(epochs: 40, augment: new AugmentSpec(AugmentKind.Git, Fraction: 0.5, IndependentStream: true), rule: TrainRule.None);
        var source = new ClassifierBatchSource(config, Data);
        var labels = new List<long>();
        for (var epoch = 1; epoch <= 40; epoch++)
            for (var step = 0; step < source.StepsPerEpoch; step++)
            {
                var batch = source.Build(epoch, step);
                labels.AddRange(batch.AugmentRows.Select(row => batch.Labels[row]));
                Assert.Equal(batch.Size - batch.AugmentRows.Length, batch.AugmentRows[0]);   // the last rows of the batch
            }
        var n = labels.Count;
        var sd = Math.Sqrt(0.25 * 0.75 / n);
        for (var c = 0; c < TinyData.Classes; c++)
        {
            var share = labels.Count(l => l == c) / (double)n;
            Assert.InRange(share, 0.25 - 4 * sd, 0.25 + 4 * sd);
        }
        // Balance is not the data's own: the training set is long-tailed.
        Assert.True(Data.TrainClassCounts.Max() > 3 * Data.TrainClassCounts.Min(), string.Join(", ", Data.TrainClassCounts));
    }

    [Fact]
    public void Git_rows_are_listed_for_the_generator_and_left_clean()
    {
        var config = TinyData.Config(augment: new AugmentSpec(AugmentKind.Git, Fraction: 0.5), rule: TrainRule.Rs);
        var clean = new ClassifierBatchSource(config with { Augment = new AugmentSpec() }, Data).Build(2, 1);
        var git = new ClassifierBatchSource(config, Data).Build(2, 1);
        Assert.Equal(Enumerable.Range(0, 8), git.AugmentRows);
        Assert.Equal(clean.Images, git.Images);
    }

    [Fact]
    public void Crop_and_flip_keep_the_pixels_of_the_source_image()
    {
        var data = TinyData.Bundle(TrainAugmentation.CropFlip);
        var source = new ClassifierBatchSource(TinyData.Config(rule: TrainRule.None), data);
        var batch = source.Build(1, 0);
        var pixels = data.Train.Shape.PixelCount;
        var zero = (0 - data.Mean[0]) / data.Std[0];
        for (var row = 0; row < batch.Size; row++)
        {
            // Each output value is either a padding zero or one of the source image's normalised pixels.
            var allowed = new HashSet<float>(data.Train.Image(batch.SourceIndices[row]).ToArray().Select(p => (p / 255f - data.Mean[0]) / data.Std[0])) { zero };
            Assert.All(batch.Images.AsSpan(row * pixels, pixels).ToArray(), value => Assert.Contains(value, allowed));
        }
        var plain = new ClassifierBatchSource(TinyData.Config(rule: TrainRule.None), TinyData.Bundle()).Build(1, 0);
        Assert.NotEqual(plain.Images, batch.Images);
    }
}
