using System.Security.Cryptography;

namespace GitActors.Actors.Tests.Sweeps;

public class SweepSpecTests
{
    private const string Minimal = """
        sweep {
          name = mini
          datasets = [fmnist-bg-lt]
          seeds = [1]
          models = [simplecnn]
          methods = [erm, "ce+drs+git"]
          epochs = 3
          git { fraction = 0.5 }
        }
        """;

    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "sweeps", name);

    [Theory]
    [InlineData("quickstart.conf", 2)]
    // Sweeps with GIT methods add one MUNIT job per dataset variant and ordering.
    [InlineData("k49-lt.conf", 36 + 2)]
    [InlineData("cifar10-lt.conf", 12 + 1)]
    [InlineData("fmnist-git.conf", 36 + 6)]
    [InlineData("paper-fmnist.conf", 36 + 2 + 2)]        // 36 classifier runs, a MUNIT and a bank job per data set
    [InlineData("paper-fmnist-gpu.conf", 36 + 2)]
    public void Example_sweeps_parse_and_expand_to_the_grid_size(string file, int runs)
    {
        var plan = SweepSpecParser.Load(Example(file)).Expand();

        Assert.Equal(runs, plan.Runs.Count);
        Assert.Equal(runs, plan.Runs.Select(r => r.RunId).Distinct().Count());
        Assert.All(plan.Runs, r => Assert.Matches("^[0-9a-f]{16}$", r.RunId));
        Assert.Matches("^[0-9a-f]{16}$", plan.SweepId);
    }

    [Fact]
    public void Quickstart_expands_seed_outer_and_method_inner_with_its_schedule()
    {
        var plan = SweepSpecParser.Load(Example("quickstart.conf")).Expand();

        Assert.Equal("quickstart", plan.Name);
        Assert.Equal(
            ["fmnist-bg-lt/o0/simplecnn/erm/s1", "fmnist-bg-lt/o0/simplecnn/ce+drs/s1"],
            plan.Runs.Select(r => r.Label));
        var ceDrs = plan.Runs[1].Config;
        Assert.Equal(TrainRule.Drs, ceDrs.Rule);
        Assert.Equal(LossKind.CrossEntropy, ceDrs.Loss.Kind);
        Assert.Equal(ModelKind.SimpleCnn, ceDrs.Model);
        Assert.Equal(new ScheduleSpec(Epochs: 2, WarmupEpochs: 1, Stage1Epoch: 1, Stage2Epoch: 2), ceDrs.Schedule);
        Assert.Equal(new EvalSpec(10, 20), ceDrs.Eval);
        Assert.Equal(2, plan.Engine.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), plan.Engine.RetryBackoff);
    }

    [Fact]
    public void Schedule_and_cutoff_defaults_follow_the_dataset_family_unless_overridden()
    {
        var cifar = Classifiers(SweepSpecParser.Load(Example("cifar10-lt.conf")).Expand());
        Assert.All(cifar, r => Assert.Equal(ScheduleSpec.Cifar, r.Config.Schedule));
        var git = cifar.Where(r => r.Config.Augment.Kind == AugmentKind.Git).ToList();
        Assert.Equal(3, git.Count);
        Assert.All(git, r => Assert.Equal(500, r.Config.Augment.ClassSizeCutoff));

        var spec = SweepSpecParser.Parse(Minimal, "mini.conf");
        var runs = Classifiers(spec.Expand());
        Assert.All(runs, r => Assert.Equal(ScheduleSpec.K49 with { Epochs = 3 }, r.Config.Schedule));
        Assert.Null(runs[1].Config.Augment.ClassSizeCutoff);
    }

    [Theory]
    [InlineData("erm", LossKind.CrossEntropy, TrainRule.None, AugmentKind.None)]
    [InlineData("ce+drs", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.None)]
    [InlineData("LDAM+DRS+GIT", LossKind.Ldam, TrainRule.Drs, AugmentKind.Git)]
    [InlineData("ce+drs+oracle", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.Oracle)]
    [InlineData("focal+cbrw", LossKind.Focal, TrainRule.CbRw, AugmentKind.None)]
    [InlineData("ce+git", LossKind.CrossEntropy, TrainRule.None, AugmentKind.Git)]
    public void Method_names_parse_into_loss_rule_and_augmentation(string name, LossKind loss, TrainRule rule, AugmentKind augment)
    {
        var method = MethodSpec.Parse(name);

        Assert.Equal(new MethodSpec(loss, rule, augment), method);
        Assert.Equal(name.ToLowerInvariant() == "ce" ? "erm" : name.ToLowerInvariant(), method.Name);
    }

    [Theory]
    [InlineData("ce+git+drs")]
    [InlineData("ce+drs+drw")]
    [InlineData("mse")]
    [InlineData("ce++drs")]
    public void Malformed_method_names_are_rejected(string name) =>
        Assert.Throws<ArgumentException>(() => MethodSpec.Parse(name));

    [Theory]
    [InlineData("lr { stage3 = 5 }", "sweep.lr.stage3")]
    [InlineData("epoch = 5", "sweep.epoch")]
    [InlineData("git { fraktion = 0.5 }", "sweep.git.fraktion")]
    public void Unknown_keys_are_rejected_naming_the_key(string extra, string keyPath)
    {
        var text = Minimal.Replace("epochs = 3", "epochs = 3\n" + extra);

        var error = Assert.Throws<SweepSpecException>(() => SweepSpecParser.Parse(text, "typo.conf"));

        Assert.Equal(keyPath, error.KeyPath);
        Assert.Contains("typo.conf", error.Message);
        Assert.Contains("unknown key", error.Message);
    }

    [Fact]
    public void A_top_level_key_outside_the_sweep_block_is_rejected() =>
        Assert.Equal("name", Assert.Throws<SweepSpecException>(() => SweepSpecParser.Parse(Minimal + "\nname = x", "f.conf")).KeyPath);

    [Theory]
    [InlineData("methods = [erm, \"ce+drs+git\"]", "methods = [erm, \"ce+xyz\"]", "sweep.methods[1]")]
    [InlineData("epochs = 3", "epochs = 0", "sweep.epochs")]
    [InlineData("epochs = 3", "epochs = three", "sweep.epochs")]
    [InlineData("git { fraction = 0.5 }", "git { fraction = 1.5 }", "sweep.git.fraction")]
    [InlineData("models = [simplecnn]", "models = [resnet18]", "sweep.models[0]")]
    [InlineData("models = [simplecnn]", "models = simplecnn", "sweep.models")]
    [InlineData("datasets = [fmnist-bg-lt]", "datasets = [k49-bg-lt]", "sweep.datasets[0]")]
    [InlineData("datasets = [fmnist-bg-lt]", "datasets = [{ name = k49-bg-lt, format = tiff, path = x }]", "sweep.datasets[0].format")]
    [InlineData("datasets = [fmnist-bg-lt]", "datasets = [mnist-lt]", "sweep.datasets[0]")]
    [InlineData("datasets = [fmnist-bg-lt]", "datasets = [fmnist-lt]", "sweep.datasets[0]")]
    [InlineData("datasets = [fmnist-bg-lt]", "datasets = [{ name = k49-lt, format = npz, path = x }]", "sweep.datasets[0].name")]
    [InlineData("datasets = [fmnist-bg-lt]", "datasets = [{ name = fmnist-bg-lt, train-limit = 0 }]", "sweep.datasets[0].train-limit")]
    [InlineData("datasets = [fmnist-bg-lt]", "datasets = [{ name = fmnist-bg-lt, max-images = 10 }]", "sweep.datasets[0].max-images")]
    [InlineData("seeds = [1]", "seeds = [1, 1]", "sweep.seeds[1]")]
    [InlineData("seeds = [1]", "seeds = []", "sweep.seeds")]
    [InlineData("epochs = 3", "epochs = 3\nlr { policy = linear }", "sweep.lr.policy")]
    [InlineData("epochs = 3", "epochs = 3\nlr { stage1 = 40, stage2 = 30 }", "sweep.lr.stage2")]
    [InlineData("epochs = 3", "epochs = 3\nengine { retry-backoff = soon }", "sweep.engine.retry-backoff")]
    [InlineData("epochs = 3", "epochs = 3\nengine { stall-timeout = 0s }", "sweep.engine.stall-timeout")]
    [InlineData("epochs = 3", "epochs = 3\nengine { stall-timeout = never }", "sweep.engine.stall-timeout")]
    [InlineData("epochs = 3", "epochs = 3\nengine { stall-timeout-min = 0ms }", "sweep.engine.stall-timeout-min")]
    [InlineData("epochs = 3", "epochs = 3\nengine { max-stalls = 0 }", "sweep.engine.max-stalls")]
    [InlineData("epochs = 3", "epochs = 3\nengine { max-infra-retries = -1 }", "sweep.engine.max-infra-retries")]
    [InlineData("epochs = 3", "epochs = 3\nengine { infra-retry-backoff = later }", "sweep.engine.infra-retry-backoff")]
    [InlineData("epochs = 3", "epochs = 3\nengine { checkpoint-every-steps = 100 }", "sweep.engine.checkpoint-every-steps")]
    [InlineData("epochs = 3", "epochs = 3\nengine { max-attempts = 2, checkpoint-every-steps = 0 }", "sweep.engine.checkpoint-every-steps")]
    [InlineData("name = mini", "name = \"my sweep\"", "sweep.name")]
    public void Bad_values_are_rejected_naming_the_key(string original, string replacement, string keyPath)
    {
        var text = Minimal.Replace(original, replacement);
        Assert.NotEqual(Minimal, text);

        var error = Assert.Throws<SweepSpecException>(() => SweepSpecParser.Parse(text, "bad.conf"));

        Assert.Equal(keyPath, error.KeyPath);
        Assert.StartsWith("bad.conf: " + keyPath + ": ", error.Message);
    }

    [Fact]
    public void Run_ids_do_not_depend_on_the_order_keys_are_written()
    {
        const string reordered = """
            sweep {
              git.fraction = 0.5
              methods = [erm, "ce+drs+git"]
              epochs = 3
              models = [simplecnn]
              seeds = [1]
              datasets = [fmnist-bg-lt]
              name = mini
            }
            """;

        var first = SweepSpecParser.Parse(Minimal, "a.conf").Expand();
        var second = SweepSpecParser.Parse(reordered, "b.conf").Expand();

        Assert.Equal(first.Runs.Select(r => r.RunId), second.Runs.Select(r => r.RunId));
        Assert.Equal(first.SweepId, second.SweepId);
    }

    [Fact]
    public void Run_ids_change_with_settings_the_run_uses_and_only_those()
    {
        var baseline = SweepSpecParser.Parse(Minimal, "a.conf").Expand();
        var longer = SweepSpecParser.Parse(Minimal.Replace("epochs = 3", "epochs = 4"), "a.conf").Expand();
        var moreGit = SweepSpecParser.Parse(Minimal.Replace("fraction = 0.5", "fraction = 0.25"), "a.conf").Expand();
        var backoff = SweepSpecParser.Parse(Minimal.Replace("epochs = 3", "epochs = 3\nengine.max-attempts = 9"), "a.conf").Expand();

        Assert.NotEqual(Classifiers(baseline)[0].RunId, Classifiers(longer)[0].RunId);
        Assert.NotEqual(baseline.SweepId, longer.SweepId);
        Assert.Equal(Classifiers(baseline)[0].RunId, Classifiers(moreGit)[0].RunId);      // ERM does not use git.fraction
        Assert.NotEqual(Classifiers(baseline)[1].RunId, Classifiers(moreGit)[1].RunId);   // CE+DRS+GIT does
        Assert.Equal(baseline.Runs[0].RunId, moreGit.Runs[0].RunId);                      // nor does the MUNIT job
        Assert.Equal(baseline.SweepId, backoff.SweepId);                  // engine settings are not identity
        Assert.Equal(9, backoff.Engine.MaxAttempts);
    }

    [Fact]
    public void Stall_settings_default_to_a_paced_timeout_and_are_read_from_the_engine_block()
    {
        var defaults = SweepSpecParser.Parse(Minimal, "a.conf").Expand().Engine;
        Assert.Equal((null, TimeSpan.FromMinutes(10), 3), (defaults.StallTimeout, defaults.StallTimeoutMin, defaults.MaxStalls));

        var auto = SweepSpecParser.Parse(Minimal.Replace("epochs = 3", "epochs = 3\nengine { stall-timeout = auto, stall-timeout-min = 2m }"), "a.conf").Expand();
        Assert.Equal((null, TimeSpan.FromMinutes(2)), (auto.Engine.StallTimeout, auto.Engine.StallTimeoutMin));

        var set = SweepSpecParser.Parse(Minimal.Replace("epochs = 3", "epochs = 3\nengine { stall-timeout = 90s, max-stalls = 5 }"), "a.conf").Expand();
        Assert.Equal((TimeSpan.FromSeconds(90), 5), (set.Engine.StallTimeout, set.Engine.MaxStalls));
        Assert.Equal(SweepSpecParser.Parse(Minimal, "a.conf").Expand().SweepId, set.SweepId);   // not identity either
    }

    [Fact]
    public void Infrastructure_retry_settings_default_to_five_after_thirty_seconds_and_are_read_from_the_engine_block()
    {
        var defaults = SweepSpecParser.Parse(Minimal, "a.conf").Expand().Engine;
        Assert.Equal((5, TimeSpan.FromSeconds(30)), (defaults.MaxInfrastructureRetries, defaults.InfraRetryBackoff));

        var set = SweepSpecParser.Parse(Minimal.Replace("epochs = 3", "epochs = 3\nengine { max-infra-retries = 0, infra-retry-backoff = 2m }"), "a.conf").Expand();
        Assert.Equal((0, TimeSpan.FromMinutes(2)), (set.Engine.MaxInfrastructureRetries, set.Engine.InfraRetryBackoff));
        Assert.Equal(SweepSpecParser.Parse(Minimal, "a.conf").Expand().SweepId, set.SweepId);   // not part of the sweep's identity
    }

    [Fact]
    public void Run_id_is_the_sha256_prefix_of_sorted_canonical_json()
    {
        var config = Classifiers(SweepSpecParser.Parse(Minimal, "a.conf").Expand())[0].Config;

        var json = RunIdentity.CanonicalJson(config);

        Assert.StartsWith("{\"Augment\":{", json);
        Assert.Contains("\"Model\":\"SimpleCnn\"", json);
        Assert.Contains("\"Rule\":\"None\"", json);
        Assert.Contains("\"WeightDecay\":0.0002", json);
        Assert.DoesNotContain("null", json);
        var topKeys = Newtonsoft.Json.Linq.JObject.Parse(json).Properties().Select(p => p.Name).ToList();
        Assert.Equal(topKeys.Order(StringComparer.Ordinal), topKeys);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16];
        Assert.Equal(expected, RunIdentity.RunId(config));
    }

    [Fact]
    public void User_dataset_blocks_carry_format_and_paths_into_the_config()
    {
        var text = Minimal.Replace("datasets = [fmnist-bg-lt]",
            "datasets = [{ name = k49-dil-lt, format = npz, path = \"/data/k49\", test-path = \"/data/k49-test\" }]\norderings = [2, 5]");

        var runs = Classifiers(SweepSpecParser.Parse(text, "u.conf").Expand());

        Assert.Equal(4, runs.Count);
        Assert.Equal(new DataSpec("k49-dil-lt", 2, "npz", "/data/k49", "/data/k49-test"), runs[0].Config.Data);
        Assert.Equal(5, runs[3].Config.Data.Ordering);
    }

    [Fact]
    public void Data_limits_are_part_of_the_run_config_and_so_of_the_run_id()
    {
        var full = SweepSpecParser.Parse(Minimal, "a.conf").Expand().Runs[0];
        var text = Minimal.Replace("datasets = [fmnist-bg-lt]", "datasets = [{ name = fmnist-bg-lt, train-limit = 600, test-limit = 500 }]");

        var limited = SweepSpecParser.Parse(text, "b.conf").Expand().Runs[0];

        Assert.Equal(new DataSpec("fmnist-bg-lt", TrainLimit: 600, TestLimit: 500), limited.Config.Data);
        Assert.NotEqual(full.RunId, limited.RunId);
        Assert.Equal(full.Config with { Data = full.Config.Data with { TrainLimit = 600, TestLimit = 500 } }, limited.Config);
    }

    /// <summary>The plan's classifier runs, without the MUNIT jobs a GIT method adds.</summary>
    private static List<PlannedRun> Classifiers(SweepPlan plan) => plan.Runs.Where(r => r.Config.Munit is null).ToList();
}
