using GitActors.Models.Data.Datasets;
using GitActors.Models.Training;

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
