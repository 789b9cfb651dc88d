using GitActors.Models.Training.Bank;

namespace GitActors.Models.Tests.Training.Bank;

/// <summary>The bank's per-class style counts against numbers worked by hand.</summary>
public sealed class BankAllocationTests
{
    // 125 images in classes of 100, 20 and 5; batches of 25 (5 steps), p = 0.5: Round(12.5) = 13 candidate rows per
    // batch, 65 per epoch. DRS with s1 = 2 over 4 epochs: epochs 1-2 draw uniformly (class shares 0.8, 0.16, 0.04),
    // epochs 3-4 by inverse frequency (1/3 each).
    private static readonly int[] Counts = [100, 20, 5];
    private static readonly ScheduleSpec Schedule = new(Epochs: 4, BatchSize: 25, WarmupEpochs: 1, Stage1Epoch: 2, Stage2Epoch: 3);

    private static AugmentSpec Git(int styles, int startDelay = 0, int? cutoff = null) =>
        new(AugmentKind.Git, Fraction: 0.5, ClassSizeCutoff: cutoff, StartDelayEpochs: startDelay, BankStyles: styles);

    [Fact]
    public void Expected_augmentations_per_image_follow_the_train_rule_over_the_GIT_epochs()
    {
        var expected = BankAllocation.ExpectedAugmentationsPerImage(Counts, TrainRule.Drs, Git(8), Schedule);

        // Per class: 2 x 65 x share (uniform) + 2 x 65 / 3 (resampled), over the class size.
        Assert.Equal((104 + 130.0 / 3) / 100, expected[0], 12);   // 1.4733
        Assert.Equal((20.8 + 130.0 / 3) / 20, expected[1], 12);   // 3.2067
        Assert.Equal((5.2 + 130.0 / 3) / 5, expected[2], 12);     // 9.7067
    }

    [Fact]
    public void Styles_are_proportional_to_expected_augmentations_rounded_up_with_S_for_the_most_augmented_class()
    {
        // 8 x (1.4733, 3.2067, 9.7067) / 9.7067 = (1.21, 2.64, 8) -> ceil (2, 3, 8).
        Assert.Equal([2, 3, 8], BankAllocation.StylesPerClass(Counts, TrainRule.Drs, Git(8), Schedule));
    }

    [Fact]
    public void With_a_start_delay_only_the_resampled_epochs_count_and_large_classes_keep_one_style()
    {
        // GIT from epoch s1 + 1 = 3: 130/3 augmentations per class, per image 0.433, 2.167, 8.667;
        // 8 x (0.05, 0.25, 1) = (0.4, 2, 8) -> (1 by the floor, 2 exactly, 8).
        var expected = BankAllocation.ExpectedAugmentationsPerImage(Counts, TrainRule.Drs, Git(8, startDelay: 1), Schedule);
        Assert.Equal(130.0 / 3 / 100, expected[0], 12);

        Assert.Equal([1, 2, 8], BankAllocation.StylesPerClass(Counts, TrainRule.Drs, Git(8, startDelay: 1), Schedule));
    }

    [Fact]
    public void Classes_above_the_cutoff_get_no_styles()
    {
        Assert.Equal([0, 3, 8], BankAllocation.StylesPerClass(Counts, TrainRule.Drs, Git(8, cutoff: 20), Schedule));
    }

    [Fact]
    public void Without_resampling_every_image_is_augmented_alike_and_gets_S_styles()
    {
        // A permutation each epoch: 4 x 65 x n_c / 125 / n_c = 2.08 per image in every class.
        var expected = BankAllocation.ExpectedAugmentationsPerImage(Counts, TrainRule.None, Git(3), Schedule);
        Assert.All(expected, a => Assert.Equal(4 * 65 / 125.0, a, 12));

        Assert.Equal([3, 3, 3], BankAllocation.StylesPerClass(Counts, TrainRule.None, Git(3), Schedule));
    }

    [Fact]
    public void The_rule_keeps_between_one_and_S_styles_and_none_for_classes_never_augmented()
    {
        Assert.Equal([1, 1, 4, 0], BankAllocation.StylesPerClass([0.01, 0.5, 2.0, 0], 4));
        Assert.Equal([1], BankAllocation.StylesPerClass([7.0], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BankAllocation.StylesPerClass([1.0], 0));
    }
}
