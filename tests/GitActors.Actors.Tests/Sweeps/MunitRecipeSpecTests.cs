namespace GitActors.Actors.Tests.Sweeps;

/// <summary>
/// `munit { preset, batch-size, dim, recon-x-weight, recon-cycle-weight, lr, lr-step, lr-gamma, steps, translation }`: the MUNIT job's recipe
/// (values at the paper's defaults stay out of its run id) and the trained networks its generator file keeps as T~.
/// </summary>
public sealed class MunitRecipeSpecTests
{
    private static PlannedRun Job(string munit) => SweepSpecParser.Parse($$"""
        sweep {
          name = g
          datasets = [fmnist-bg-lt]
          seeds = [1]
          models = [simplecnn]
          methods = ["ce+drs+git"]
          munit { checkpoint-every = 100 {{munit}} }
        }
        """, "g.conf").Expand().Runs[0];

    [Fact]
    public void The_paper_preset_is_the_default_and_names_nothing_beyond_the_papers_job()
    {
        var implicitPaper = Job("");
        var namedPaper = Job(", preset = paper");

        Assert.Equal(implicitPaper.RunId, namedPaper.RunId);
        var job = implicitPaper.Config.Munit!;
        Assert.Equal(10_000, job.Steps);
        Assert.Null(job.BatchSize);
        Assert.Null(job.Generator);
        Assert.Equal(new MunitHyperParameters(), job.Hyper);
        // Spelling the paper's values out changes nothing either.
        Assert.Equal(implicitPaper.RunId, Job(", batch-size = 1, dim = 64, recon-x-weight = 10, recon-cycle-weight = 0, lr = 1e-4, lr-step = 100000, lr-gamma = 0.5").RunId);
    }

    [Fact]
    public void The_cpu_preset_expands_to_its_recipe_and_single_keys_override_it()
    {
        var cpu = Job(", preset = cpu");
        var job = cpu.Config.Munit!;
        var recipe = MunitRecipe.Cpu;

        Assert.Equal(recipe.Steps, job.Steps);
        Assert.Equal(recipe.BatchSize, job.BatchSize);
        Assert.Equal(recipe.Dim, job.Generator!.Dim);
        Assert.Equal(recipe.Dim, job.Discriminator!.Dim);
        Assert.Equal(recipe.ReconXCycWeight, job.Hyper.ReconXCycWeight);
        Assert.Equal(recipe.ReconXWeight, job.Hyper.ReconXWeight);
        Assert.Equal(recipe.Lr, job.Hyper.Lr);

        var options = job.TrainerOptions(new Models.Data.ImageShape(1, 28, 28));
        Assert.Equal(recipe.TrainerOptions(new Models.Data.ImageShape(1, 28, 28)), options);

        var overridden = Job(", preset = cpu, batch-size = 2, recon-cycle-weight = 1, steps = 200").Config.Munit!;
        Assert.Equal((2, 1.0, 200, recipe.Dim), (overridden.BatchSize!.Value, overridden.Hyper.ReconXCycWeight, overridden.Steps, overridden.Generator!.Dim));
        Assert.NotEqual(cpu.RunId, Job(", preset = cpu, batch-size = 2").RunId);
        var faster = Job(", preset = cpu, lr = 2e-4");
        Assert.Equal(2e-4, faster.Config.Munit!.Hyper.Lr);
        Assert.NotEqual(cpu.RunId, faster.RunId);
    }

    [Fact]
    public void An_lr_policy_reaches_the_jobs_hyperparameters_under_its_own_run_id()
    {
        var cpu = Job(", preset = cpu");
        var annealed = Job(", preset = cpu, lr-step = 3000, lr-gamma = 0.1");

        var hyper = annealed.Config.Munit!.Hyper;
        Assert.Equal((3000, 0.1, MunitRecipe.Cpu.Lr), (hyper.LrStepSize, hyper.LrGamma, hyper.Lr));
        Assert.Equal(cpu.Config.Munit!.Hyper with { LrStepSize = 3000, LrGamma = 0.1 }, hyper);
        Assert.NotEqual(cpu.RunId, annealed.RunId);
    }

    [Theory]
    [InlineData("preset = gpu", "munit.preset")]
    [InlineData("batch-size = 0", "munit.batch-size")]
    [InlineData("recon-cycle-weight = -1", "munit.recon-cycle-weight")]
    [InlineData("recon-x-weight = -0.5", "munit.recon-x-weight")]
    [InlineData("lr = 0", "munit.lr")]
    [InlineData("lr-step = 0", "munit.lr-step")]
    [InlineData("lr-gamma = 0", "munit.lr-gamma")]
    [InlineData("lr-gamma = 1.5", "munit.lr-gamma")]
    public void A_bad_recipe_value_names_its_key(string setting, string key)
    {
        var error = Assert.Throws<SweepSpecException>(() => Job(", " + setting));
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void A_smaller_width_builds_both_networks_at_that_width_for_grey_images_under_its_own_run_id()
    {
        var paper = Job("");
        var small = Job(", dim = 8");

        Assert.Equal(paper.RunId, Job(", dim = 64").RunId);
        Assert.NotEqual(paper.RunId, small.RunId);
        Assert.Null(paper.Config.Munit!.Generator);
        Assert.Equal((1, 8), (small.Config.Munit!.Generator!.InputChannels, small.Config.Munit!.Generator.Dim));
        Assert.Equal((1, 8), (small.Config.Munit!.Discriminator!.InputChannels, small.Config.Munit!.Discriminator.Dim));
    }

    [Fact]
    public void The_translation_defaults_to_the_papers_a_to_b_and_the_reference_codes_choice_has_its_own_run_id()
    {
        var paper = Job("");
        var reference = Job(", translation = same-generator");

        Assert.Equal(MunitTranslation.AToB, paper.Config.Munit!.Translation);
        Assert.Equal(paper.RunId, Job(", translation = a-to-b").RunId);
        Assert.Equal(MunitTranslation.SameGenerator, reference.Config.Munit!.Translation);
        Assert.NotEqual(paper.RunId, reference.RunId);
    }

    [Fact]
    public void An_unknown_translation_names_the_key_and_the_choices()
    {
        var error = Assert.Throws<SweepSpecException>(() => Job(", translation = b-to-a"));
        Assert.Contains("munit.translation", error.Message);
        Assert.Contains("a-to-b", error.Message);
        Assert.Contains("same-generator", error.Message);
    }

    [Fact]
    public void A_width_below_one_names_the_key()
    {
        var error = Assert.Throws<SweepSpecException>(() => Job(", dim = 0"));
        Assert.Contains("munit.dim", error.Message);
    }
}
