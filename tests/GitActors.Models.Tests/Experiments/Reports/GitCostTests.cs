using GitActors.Models.Experiments.Events;
using GitActors.Models.Experiments.Reports;
using static GitActors.Models.Tests.Experiments.Reports.ReportFixture;

namespace GitActors.Models.Tests.Experiments.Reports;

public sealed class GitCostTests
{
    private static readonly RunResult Any = Result(0.5);

    [Fact]
    public void Training_seconds_add_up_every_attempt_and_leave_out_the_time_between_attempts()
    {
        var sweep = new ReportFixture();
        var run = sweep.Add(Config("fmnist-dil-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.None, 1), null);
        // Attempt 1: 40 s then killed; an hour idle; attempt 2: 3 epochs over 90 s.
        sweep.AddFailedAttempt(run, 1, At, 40);
        var again = sweep.Add(Config("fmnist-dil-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.None, 2), Any, seconds: 90);

        var seconds = GitCost.TrainingSeconds(sweep.Events());

        Assert.Equal(40, seconds[run], 9);
        Assert.Equal(90, seconds[again], 9);
    }

    [Fact]
    public void Git_runs_are_paired_with_the_same_run_without_git_and_carry_their_share_of_the_munit_job()
    {
        var sweep = new ReportFixture();
        var job = sweep.Add(RunConfig.ForMunitJob(new DataSpec("fmnist-dil-lt"), 1, new MunitJobSpec(10, 5, new MunitHyperParameters())), Any, seconds: 600);
        // Plain 100, 120 s; GIT 150, 200 s; a third GIT run without a plain partner still shares the generator.
        sweep.Add(Config("fmnist-dil-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.None, 1), Any, seconds: 100);
        sweep.Add(Config("fmnist-dil-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.None, 2), Any, seconds: 120);
        sweep.Add(Config("fmnist-dil-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.Git, 1), Any, seconds: 150, munitJob: job);
        sweep.Add(Config("fmnist-dil-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.Git, 2), Any, seconds: 200, munitJob: job);
        sweep.Add(Config("fmnist-dil-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.Git, 3), Any, seconds: 170, munitJob: job);

        var cost = Assert.Single(GitCost.Build(Sweep, sweep.Events()));

        Assert.Equal(("fmnist-dil-lt", "ce+drs+git vs ce+drs", 2), (cost.Dataset, cost.Comparison, cost.Pairs));
        Assert.Equal((110.0, 175.0, 600.0, 3), (cost.PlainSeconds, cost.GitSeconds, cost.MunitSeconds, cost.GitRunsSharingGenerator));
        Assert.Equal(350.0 / 220, cost.Ratio, 12);
        // Each GIT run carries 600 / 3 = 200 s of the MUNIT job: (150 + 200 + 200 + 200) / (100 + 120).
        Assert.Equal(750.0 / 220, cost.RatioWithMunitShare, 12);
        // Without a bank, GIT's own amortised cost is its wall time: 150 / 100 and 200 / 120 per pair.
        Assert.Equal(350.0 / 220, cost.AmortisedRatio, 12);
        Assert.Equal(2, cost.AmortisedRatios.Count);
        Assert.Equal(150.0 / 100, cost.AmortisedRatios[0], 12);
        Assert.Equal(200.0 / 120, cost.AmortisedRatios[1], 12);
    }

    [Fact]
    public void Git_runs_with_a_bank_also_carry_their_share_of_the_bank_job()
    {
        var sweep = new ReportFixture();
        var data = new DataSpec("fmnist-dil-lt");
        var job = sweep.Add(RunConfig.ForMunitJob(data, 1, new MunitJobSpec(10, 5, new MunitHyperParameters())), Any, seconds: 600);
        RunConfig Git(int seed)
        {
            var config = Config("fmnist-dil-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.Git, seed);
            return config with { Augment = config.Augment with { BankStyles = 8 } };
        }
        var bank = sweep.Add(RunConfig.ForBankJob(data, 1, BankJobSpec.For(Git(1), job)), Any, seconds: 90, munitJob: job);
        sweep.Add(Config("fmnist-dil-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.None, 1), Any, seconds: 100);
        sweep.Add(Config("fmnist-dil-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.None, 2), Any, seconds: 100);
        sweep.Add(Git(1), Any, seconds: 130, munitJob: job, bankJob: bank);
        sweep.Add(Git(2), Any, seconds: 150, munitJob: job, bankJob: bank);
        sweep.Add(Git(3), Any, seconds: 140, munitJob: job, bankJob: bank);

        var cost = Assert.Single(GitCost.Build(Sweep, sweep.Events()));

        // The bank job is no classifier row and does not count as a GIT run sharing the generator.
        Assert.Equal(("ce+drs+git vs ce+drs", 2, 3), (cost.Comparison, cost.Pairs, cost.GitRunsSharingGenerator));
        Assert.Equal((90.0, 3), (cost.BankSeconds, cost.GitRunsSharingBank));
        // Each GIT run carries 90 / 3 of the bank: (130 + 150 + 2 x 30) / 200; with 600 / 3 of the MUNIT job as well,
        // (130 + 150 + 2 x 230) / 200.
        Assert.Equal(280.0 / 200, cost.Ratio, 12);
        Assert.Equal(340.0 / 200, cost.AmortisedRatio, 12);
        Assert.Equal(740.0 / 200, cost.RatioWithMunitShare, 12);
        Assert.Equal(2, cost.AmortisedRatios.Count);
        Assert.Equal(160.0 / 100, cost.AmortisedRatios[0], 12);
        Assert.Equal(180.0 / 100, cost.AmortisedRatios[1], 12);
    }
}
