namespace GitActors.Actors.Tests.Sweeps;

public sealed class GitSweepPlanTests
{
    private static SweepSpec Spec(string methods, string extra = "") => SweepSpecParser.Parse($$"""
        sweep {
          name = g
          datasets = [fmnist-bg-lt]
          orderings = [0, 1]
          seeds = [1]
          models = [simplecnn]
          methods = [{{methods}}]
          {{extra}}
        }
        """, "g.conf");

    [Fact]
    public void Each_ordering_with_a_GIT_method_gets_one_MUNIT_job_first_and_its_runs_name_it()
    {
        var plan = Spec("\"ce+drs\", \"ce+drs+git\", \"ldam+drs+git\", \"ce+drs+oracle\"").Expand();

        Assert.Equal(10, plan.Runs.Count);
        var jobs = plan.Runs.Where(r => r.Config.Munit is not null).ToList();
        Assert.Equal(["fmnist-bg-lt/o0/munit/s1", "fmnist-bg-lt/o1/munit/s1"], jobs.Select(j => j.Label));
        Assert.Equal(plan.Runs[0], jobs[0]);
        Assert.Equal(plan.Runs[5], jobs[1]);
        Assert.Equal((10_000, 500, 20), (jobs[0].Config.Munit!.Steps, jobs[0].Config.Munit!.IterationsPerBlock, jobs[0].Config.Schedule.Epochs));
        Assert.All(plan.Runs.Skip(1).Take(4), r => Assert.Equal(jobs[0].RunId, r.MunitJob));
        Assert.Equal(["ce+drs", "ce+drs+git", "ldam+drs+git", "ce+drs+oracle"],
            plan.Runs.Skip(1).Take(4).Select(r => ConfigNames.MethodName(r.Config.Loss.Kind, r.Config.Rule, r.Config.Augment.Kind)));
        Assert.Equal([false, true, true, false], plan.Runs.Skip(1).Take(4).Select(r => r.NeedsGenerator()));
    }

    [Fact]
    public void A_sweep_without_GIT_plans_no_job_and_keeps_its_run_ids()
    {
        var plain = Spec("\"ce+drs\", \"ce+drs+oracle\"").Expand();
        var withGit = Spec("\"ce+drs\", \"ce+drs+oracle\", \"ce+drs+git\"").Expand();

        Assert.All(plain.Runs, r => Assert.Null(r.MunitJob));
        Assert.DoesNotContain(plain.Runs, r => r.Config.Munit is not null);
        // The same classifier runs have the same ids whether or not the sweep also trains a generator.
        var classifierIds = withGit.Runs.Where(r => r.Config.Munit is null && r.Config.Augment.Kind != AugmentKind.Git).Select(r => r.RunId);
        Assert.Equal(plain.Runs.Select(r => r.RunId).Order(), classifierIds.Order());
    }

    [Fact]
    public void The_job_id_hashes_only_its_own_config_and_the_munit_block_sets_steps_seed_and_blocks()
    {
        var a = Spec("\"ce+drs+git\"", "munit { steps = 600, seed = 3, checkpoint-every = 200 }").Expand().Runs[0];
        var b = Spec("\"ldam+drs+git\"", "munit { steps = 600, seed = 3, checkpoint-every = 200 }\nepochs = 7").Expand().Runs[0];
        var c = Spec("\"ce+drs+git\"", "munit { steps = 800, seed = 3, checkpoint-every = 200 }").Expand().Runs[0];

        Assert.Equal((600, 200, 3, 3), (a.Config.Munit!.Steps, a.Config.Munit.IterationsPerBlock, a.Config.Seed, a.Config.Schedule.Epochs));
        Assert.Equal(a.RunId, b.RunId);
        Assert.NotEqual(a.RunId, c.RunId);
        Assert.Equal(a.RunId, RunIdentity.RunId(RunConfig.ForMunitJob(new DataSpec("fmnist-bg-lt"), 3, a.Config.Munit)));
    }

    [Fact]
    public void Steps_that_are_not_whole_blocks_or_unknown_munit_keys_are_errors_naming_the_key()
    {
        var blocks = Assert.Throws<SweepSpecException>(() => Spec("\"ce+drs+git\"", "munit { steps = 1000, checkpoint-every = 300 }").Expand());
        Assert.Contains("munit.checkpoint-every", blocks.Message);
        var unknown = Assert.Throws<SweepSpecException>(() => Spec("\"ce+drs+git\"", "munit { iterations = 5 }"));
        Assert.Contains("iterations", unknown.Message);
    }
}
