using GitActors.Models.Data.Augmentation;
using GitActors.Models.Data.Datasets;

namespace GitActors.Models.Tests.Training;

public sealed class RandAugmentBatchTests
{
    private static readonly DatasetBundle Data = TinyData.Bundle();

    private static byte[] Noise(int count, ImageShape shape, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[count * shape.PixelCount];
        random.NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void The_same_seed_gives_the_same_images_and_another_seed_other_images(int channels)
    {
        var shape = new ImageShape(channels, 12, 12);
        var original = Noise(6, shape, 1);
        var augmenter = new RandAugmenter(ops: 3, magnitude: 9);

        byte[] Augmented(ulong seed)
        {
            var images = (byte[])original.Clone();
            using var batch = augmenter.ForBatch(seed);
            for (var i = 0; i < 6; i++) batch.Apply(images.AsSpan(i * shape.PixelCount, shape.PixelCount), shape);
            return images;
        }

        var first = Augmented(7);
        Assert.Equal(first, Augmented(7));
        Assert.NotEqual(first, Augmented(8));
        Assert.NotEqual(original, first);
    }

    [Fact]
    public void Out_of_range_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandAugmenter(0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandAugmenter(2, 31));
    }

    [Fact]
    public void A_randaugment_batch_changes_images_only_and_is_a_pure_function_of_epoch_and_step()
    {
        var plain = TinyData.Config(rule: TrainRule.Drs);
        var config = plain with { Augment = new AugmentSpec(AugmentKind.RandAugment, RandAugmentOps: 2, RandAugmentMagnitude: 10) };
        var source = new ClassifierBatchSource(config, Data);

        var batch = source.Build(2, 1);
        var clean = new ClassifierBatchSource(plain, Data).Build(2, 1);

        Assert.Equal(batch.Images, new ClassifierBatchSource(config, Data).Build(2, 1).Images);
        Assert.Equal(clean.SourceIndices, batch.SourceIndices);
        Assert.Equal(clean.Labels, batch.Labels);
        Assert.Empty(batch.AugmentRows);
        Assert.NotEqual(clean.Images, batch.Images);
        Assert.NotEqual(batch.Images, source.Build(2, 2).Images.Take(batch.Images.Length).ToArray());
    }

    [Fact]
    public void Randaugment_is_not_algorithm_1_so_it_plans_no_rows()
    {
        var plan = new AugmentPlan(new AugmentSpec(AugmentKind.RandAugment), [10, 5], stage1Epoch: 1);
        Assert.False(plan.Enabled);
        Assert.False(plan.IsActive(5));
    }

    [Fact]
    public void The_published_settings_are_cifar10s_three_ops_at_4_and_cifar100s_one_op_at_2()
    {
        Assert.Equal((3, 4), RandAugmentSettings.For("cifar10-lt"));
        Assert.Equal((1, 2), RandAugmentSettings.For("cifar100-lt"));
        Assert.Equal((3, 4), RandAugmentSettings.For("fmnist-bg-lt"));
    }
}
