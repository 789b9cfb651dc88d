using GitActors.Models.Data.Datasets;
using GitActors.Models.Tests.Training;
using GitActors.Models.Training.Bank;

namespace GitActors.Models.Tests.Training.Bank;

/// <summary>A GIT run with a bank: the rows Algorithm 1 picks become samples of their own image, drawn per batch.</summary>
public sealed class BankBatchTests
{
    private static readonly DatasetBundle Data = TinyData.Bundle();

    private static RunConfig Config() => TinyData.Config(epochs: 2, rule: TrainRule.Drs,
        augment: new AugmentSpec(AugmentKind.Git, Fraction: 0.5, BankStyles: 3));

    private static AugmentationBank Bank(RunConfig config)
    {
        var styles = BankAllocation.StylesPerClass(Data.TrainClassCounts, config.Rule, config.Augment, config.Schedule);
        var header = BankFixture.Header(Data.Shape, BankAllocation.StylesPerImage(Data.Train.Labels, styles));
        return AugmentationBank.Parse(BankFixture.FileBytes(header), "tiny.bank");
    }

    /// <summary>Grey levels back from a row of normalised floats.</summary>
    private static byte[] Pixels(Batch batch, int row)
    {
        var size = Data.Shape.PixelCount;
        return batch.Images.AsSpan(row * size, size).ToArray()
            .Select(v => (byte)Math.Round((v * Data.Std[0] + Data.Mean[0]) * 255)).ToArray();
    }

    [Fact]
    public void Exactly_the_rows_Algorithm_1_picks_are_replaced_each_by_a_bank_sample_of_its_own_image()
    {
        var config = Config();
        var bank = Bank(config);
        var pool = new ClassifierBatchSource(config, Data);
        var banked = new ClassifierBatchSource(config, Data, bank);
        var size = Data.Shape.PixelCount;
        var replaced = 0;
        var stylesSeen = new HashSet<int>();

        for (var epoch = 1; epoch <= config.Schedule.Epochs; epoch++)
            for (var step = 0; step < banked.StepsPerEpoch; step++)
            {
                var picked = pool.Build(epoch, step);   // the rows the augmenter pool would be asked for
                var batch = banked.Build(epoch, step);
                Assert.Empty(batch.AugmentRows);
                Assert.Equal(picked.SourceIndices, batch.SourceIndices);
                Assert.Equal(picked.Labels, batch.Labels);
                for (var row = 0; row < batch.Size; row++)
                {
                    if (!picked.AugmentRows.Contains(row))
                    {
                        Assert.True(picked.Images.AsSpan(row * size, size).SequenceEqual(batch.Images.AsSpan(row * size, size)), $"row {row} changed");
                        continue;
                    }
                    var (image, style) = BankFixture.Decode(Pixels(batch, row));
                    Assert.Equal(batch.SourceIndices[row], image);
                    Assert.InRange(style, 0, bank.StylesOf(image) - 1);
                    Assert.Equal(bank.Sample(image, style).ToArray(), Pixels(batch, row));
                    stylesSeen.Add(style);
                    replaced++;
                }
            }

        Assert.True(replaced > 0);
        Assert.True(stylesSeen.Count > 1, "the sample index is drawn, not fixed");
    }

    [Fact]
    public void A_bank_batch_is_a_pure_function_of_config_epoch_and_step()
    {
        var config = Config();
        var bank = Bank(config);
        var first = new ClassifierBatchSource(config, Data, bank);
        var second = new ClassifierBatchSource(config, Data, Bank(config));

        var late = second.Build(2, 1);   // out of order
        Assert.Equal(first.Build(1, 0).Images, second.Build(1, 0).Images);
        Assert.Equal(first.Build(2, 1).Images, late.Images);
        Assert.Equal(first.Build(2, 1).Images, first.Build(2, 1).Images);
    }

    [Fact]
    public void A_bank_for_other_images_or_for_a_run_without_GIT_is_refused()
    {
        var config = Config();
        var bank = Bank(config);

        Assert.Throws<ArgumentException>(() => new ClassifierBatchSource(config with { Augment = new AugmentSpec() }, Data, bank));
        var other = AugmentationBank.Parse(BankFixture.FileBytes(BankFixture.Header(Data.Shape, [1, 1])), "other.bank");
        Assert.Throws<ArgumentException>(() => new ClassifierBatchSource(config, Data, other));
    }
}
