namespace GitActors.Actors.Tests.Sweeps;

/// <summary>git.bank-styles in a sweep file: one bank job per variant after its MUNIT job, and run ids that move only where it is used.</summary>
public sealed class BankSweepPlanTests
{
    private static SweepSpec Spec(string git) => SweepSpecParser.Parse($$"""
        sweep {
          name = b
          datasets = [fmnist-dil-lt]
          orderings = [0, 1]
          seeds = [1, 2]
          models = [simplecnn]
          methods = ["ce+drs", "ce+drs+git", "ldam+drs+git", "ce+drs+oracle"]
          git { start-delay = 1{{git}} }
        }
        """, "b.conf");

    [Fact]
    public void Each_variant_gets_one_bank_job_after_its_MUNIT_job_and_its_GIT_runs_wait_for_it()
    {
        var plan = Spec(", bank-styles = 8").Expand();

        Assert.Equal(2 * (2 + 2 * 4), plan.Runs.Count);
        var banks = plan.Runs.Where(r => r.Config.Bank is not null).ToList();
        Assert.Equal(["fmnist-dil-lt/o0/bank/drs/s1", "fmnist-dil-lt/o1/bank/drs/s1"], banks.Select(b => b.Label));
        Assert.Equal(plan.Runs[1], banks[0]);
        Assert.Equal(plan.Runs[0].RunId, banks[0].MunitJob);
        Assert.Equal(plan.Runs[0].RunId, banks[0].Config.Bank!.MunitJob);
        Assert.True(banks[0].NeedsGenerator());
        Assert.Equal((8, TrainRule.Drs, 1, BankJobSpec.DefaultBlocks), (banks[0].Config.Bank!.MaxStyles(), banks[0].Config.Bank!.Rule,
            banks[0].Config.Bank!.Augment.StartDelayEpochs, banks[0].Config.Schedule.Epochs));

        var variant = plan.Runs.Skip(2).Take(8).ToList();
        Assert.All(variant.Where(r => r.Config.Augment.Kind == AugmentKind.Git), r =>
        {
            Assert.Equal(banks[0].RunId, r.BankJob);
            Assert.Equal(8, r.Config.Augment.BankStyles);
        });
        Assert.All(variant.Where(r => r.Config.Augment.Kind != AugmentKind.Git), r =>
        {
            Assert.Null(r.BankJob);
            Assert.Null(r.Config.Augment.BankStyles);   // the Oracle draws true transforms, never from a bank
        });
    }

    [Fact]
    public void The_option_changes_the_ids_of_GIT_runs_only_and_at_zero_changes_nothing()
    {
        var paper = Spec("").Expand();
        var zero = Spec(", bank-styles = 0").Expand();
        var bank = Spec(", bank-styles = 8").Expand();

        Assert.Equal(paper.SweepId, zero.SweepId);
        Assert.Equal(paper.Runs.Select(r => r.RunId), zero.Runs.Select(r => r.RunId));
        Assert.DoesNotContain(zero.Runs, r => r.Config.Bank is not null || r.BankJob is not null);

        var byLabel = bank.Runs.ToDictionary(r => r.Label, r => r.RunId);
        foreach (var run in paper.Runs)
        {
            if (run.Config.Augment.Kind == AugmentKind.Git) Assert.NotEqual(run.RunId, byLabel[run.Label]);
            else Assert.Equal(run.RunId, byLabel[run.Label]);
        }
    }

    [Fact]
    public void A_negative_bank_size_is_an_error_naming_the_key()
    {
        Assert.Contains("git.bank-styles", Assert.Throws<SweepSpecException>(() => Spec(", bank-styles = -1")).Message);
    }
}
