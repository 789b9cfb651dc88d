namespace GitActors.Models.Tests.Training;

public sealed class AugmentPlanTests
{
    private static readonly int[] Counts = [500, 100, 25, 5];

    [Fact]
    public void Paper_rule_takes_the_first_round_p_B_rows()
    {
        var plan = new AugmentPlan(new AugmentSpec(AugmentKind.Git, Fraction: 0.5), Counts, 30);
        Assert.Equal(64, plan.CandidateRows(128));
        Assert.Equal(0, plan.FirstCandidateRow(128));
        Assert.Equal(2, plan.CandidateRows(3)); // Round(1.5) = 2
    }

    [Fact]
    public void Independent_stream_takes_the_last_rows()
    {
        var plan = new AugmentPlan(new AugmentSpec(AugmentKind.Git, Fraction: 0.5, IndependentStream: true), Counts, 30);
        Assert.Equal(64, plan.FirstCandidateRow(128));
    }

    [Fact]
    public void Hard_cutoff_augments_classes_of_at_most_K()
    {
        var plan = new AugmentPlan(new AugmentSpec(AugmentKind.Git, ClassSizeCutoff: 25), Counts, 30);
        var rng = new Rng(1);
        Assert.Equal([false, false, true, true], Enumerable.Range(0, 4).Select(label => plan.ShouldAugment(label, rng)));
    }

    [Fact]
    public void No_cutoff_augments_every_class()
    {
        var plan = new AugmentPlan(new AugmentSpec(AugmentKind.Git), Counts, 30);
        Assert.All(Enumerable.Range(0, 4), label => Assert.True(plan.ShouldAugment(label, new Rng(2))));
    }

    [Fact]
    public void Soft_cutoff_ramps_from_one_at_the_smallest_class_to_zero_at_K()
    {
        // keep probability (K - n) / (K - n_min) with K = 105, n_min = 5: class of 100 -> 0.05, class of 25 -> 0.8.
        var plan = new AugmentPlan(new AugmentSpec(AugmentKind.Git, ClassSizeCutoff: 105, SoftCutoff: true), Counts, 30);
        var rng = new Rng(4);
        double Share(int label) => Enumerable.Range(0, 20000).Count(_ => plan.ShouldAugment(label, rng)) / 20000.0;
        Assert.Equal(0.0, Share(0));
        Assert.InRange(Share(1), 0.05 - 0.01, 0.05 + 0.01);
        Assert.InRange(Share(2), 0.8 - 0.015, 0.8 + 0.015);
        Assert.Equal(1.0, Share(3));
    }

    [Fact]
    public void Start_delay_begins_d_epochs_after_the_switch()
    {
        var paper = new AugmentPlan(new AugmentSpec(AugmentKind.Git), Counts, 30);
        var reference = new AugmentPlan(new AugmentSpec(AugmentKind.Git, StartDelayEpochs: 1), Counts, 30);
        Assert.True(paper.IsActive(1));
        Assert.False(reference.IsActive(30));
        Assert.True(reference.IsActive(31));
        Assert.False(new AugmentPlan(new AugmentSpec(), Counts, 30).IsActive(40));
    }
}
