using GitActors.Models.Experiments.Reports;
using static GitActors.Models.Tests.Experiments.Reports.ReportFixture;

namespace GitActors.Models.Tests.Experiments.Reports;

public sealed class PaperClaimsTests
{
    // Six classes: the ceil(6/3) = 2 smallest are labels 4 (size 5) and 2 (size 8).
    private static readonly int[] Counts = [100, 40, 8, 20, 5, 60];

    private static RunResult Run(double balanced, double[] ekld, double[]? perClass = null) =>
        Result(balanced, perClass: perClass ?? [0.9, 0.8, 0.2, 0.7, 0.1, 0.85], counts: Counts,
            ekld: [new EkldReport("dil", ekld, [1, 1, 1, 1, 1, 1], 40, 100), new EkldReport("munit", [9, 9, 9, 9, 9, 9], [1, 1, 1, 1, 1, 1], 40, 100)]);

    [Fact]
    public void Spearman_gives_tied_values_their_mean_rank()
    {
        Assert.Equal([2.5, 1, 2.5, 4], RankCorrelation.Ranks([3.0, 1.0, 3.0, 7.0]));
        Assert.Equal(-1, RankCorrelation.Spearman([1, 2, 3, 4], [10, 5, 2, 1]), 12);
        // Ranks x (1, 2, 3) and y (1, 2.5, 2.5): r = 1.5 / sqrt(2 * 1.5) = 0.8660.
        Assert.Equal(1.5 / Math.Sqrt(3), RankCorrelation.Spearman([1, 2, 3], [0, 5, 5]), 12);
    }

    [Fact]
    public void Small_classes_are_the_smallest_third_rounded_up_by_training_size()
    {
        Assert.Equal([4, 2], PaperClaims.SmallClasses(Counts));
        Assert.Equal([1, 3], PaperClaims.SmallClasses([9, 1, 9, 2]));
    }

    [Fact]
    public void Git_against_the_same_method_without_git_is_paired_by_seed_and_judged_by_the_t_interval()
    {
        var sweep = new ReportFixture();
        // Per seed, small-class eKLD (mean of labels 4 and 2) without GIT: 1.0, 1.2, 0.8; with GIT: 0.5, 0.9, 0.4.
        double[][] without = [[0.1, 0.2, 0.8, 0.3, 1.2, 0.1], [0.1, 0.2, 1.0, 0.3, 1.4, 0.1], [0.1, 0.2, 0.6, 0.3, 1.0, 0.1]];
        double[][] with = [[0.1, 0.2, 0.4, 0.3, 0.6, 0.1], [0.1, 0.2, 0.8, 0.3, 1.0, 0.1], [0.1, 0.2, 0.3, 0.3, 0.5, 0.1]];
        double[] plainAccuracy = [0.50, 0.52, 0.48];
        double[] gitAccuracy = [0.53, 0.51, 0.52];
        for (var seed = 1; seed <= 3; seed++)
        {
            sweep.Add(Config("fmnist-dil-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.None, seed), Run(plainAccuracy[seed - 1], without[seed - 1]));
            sweep.Add(Config("fmnist-dil-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.Git, seed), Run(gitAccuracy[seed - 1], with[seed - 1]));
        }
        // A GIT run of another seed has no partner and is left out.
        sweep.Add(Config("fmnist-dil-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.Git, 9), Run(0.9, with[0]));

        var checks = PaperClaims.Build(Sweep, sweep.Events()).Checks;

        var ekld = Assert.Single(checks, c => c.Id == PaperClaims.GitLowersSmallClassEkld);
        Assert.Equal("ce+drs+git vs ce+drs", ekld.Comparison);
        // Differences -0.5, -0.3, -0.4: mean -0.4, s = 0.1, SE = 0.1 / sqrt(3); t_{0.975,2} = 4.302653.
        Assert.Equal(new[] { -0.5, -0.3, -0.4 }, ekld.Values.Select(v => Math.Round(v, 12)));
        Assert.Equal(-0.4, ekld.Mean, 12);
        Assert.Equal(0.1 / Math.Sqrt(3), ekld.StandardError, 12);
        Assert.Equal(-0.4 + 4.302653 * 0.1 / Math.Sqrt(3), ekld.Upper, 5);
        Assert.Equal((3, 3, ClaimVerdict.Holds), (ekld.Count, ekld.PointingTheClaimedWay, ekld.Verdict));

        // Accuracy differences +0.03, -0.01, +0.04: mean 0.02, the interval spans zero.
        var accuracy = Assert.Single(checks, c => c.Id == PaperClaims.GitRaisesBalancedAccuracy);
        Assert.Equal(0.02, accuracy.Mean, 12);
        Assert.Equal((2, ClaimVerdict.DoesNotHold), (accuracy.PointingTheClaimedWay, accuracy.Verdict));
        Assert.True(accuracy.Lower < 0 && accuracy.Upper > 0);

        var cutoff = Assert.Single(checks, c => c.Id == PaperClaims.CutoffBeatsAllClasses);
        Assert.Equal(ClaimVerdict.NotMeasured, cutoff.Verdict);
    }

    [Fact]
    public void Ekld_against_class_size_is_one_spearman_rho_per_run_under_the_true_nuisance()
    {
        var sweep = new ReportFixture();
        // Sizes 100, 40, 8, 20, 5, 60: eKLD strictly falling with size gives rho = -1; the learned model's eKLD is ignored.
        sweep.Add(Config("fmnist-dil-lt", LossKind.CrossEntropy, TrainRule.None, AugmentKind.None, 1), Run(0.5, [0.1, 0.3, 0.8, 0.5, 0.9, 0.2]));
        // Swapping the two largest classes' eKLD: rank d = 1 for two classes, rho = 1 - 6 * 2 / (6 * 35) = 0.942857 below.
        sweep.Add(Config("fmnist-dil-lt", LossKind.CrossEntropy, TrainRule.None, AugmentKind.None, 2), Run(0.5, [0.2, 0.3, 0.8, 0.5, 0.9, 0.1]));

        var rho = Assert.Single(PaperClaims.Build(Sweep, sweep.Events()).Checks, c => c.Id == PaperClaims.FallsWithClassSize);

        Assert.Equal(-1, rho.Values[0], 12);
        Assert.Equal(-(1 - 6.0 * 2 / (6 * 35)), rho.Values[1], 12);
        Assert.Equal(ClaimVerdict.Holds, rho.Verdict);
    }

    [Fact]
    public void Drs_is_paired_with_the_same_loss_without_a_rule_and_one_pair_is_not_measured()
    {
        var sweep = new ReportFixture();
        sweep.Add(Config("fmnist-bg-lt", LossKind.CrossEntropy, TrainRule.None, AugmentKind.None, 1), Run(0.5, [0.1, 0.3, 0.8, 0.5, 0.9, 0.2]));
        sweep.Add(Config("fmnist-bg-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.None, 1), Run(0.5, [0.1, 0.3, 0.6, 0.5, 0.7, 0.2]));

        var drs = Assert.Single(PaperClaims.Build(Sweep, sweep.Events()).Checks, c => c.Id == PaperClaims.DrsLowersSmallClassEkld);

        Assert.Equal("ce+drs vs erm", drs.Comparison);
        Assert.Equal(-0.2, drs.Mean, 12);
        Assert.Equal((1, 1, ClaimVerdict.NotMeasured), (drs.Count, drs.PointingTheClaimedWay, drs.Verdict));
    }
}
