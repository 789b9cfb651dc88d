using GitActors.Models.Data.Datasets;
using GitActors.Models.Data.Readers;
using GitActors.Models.Training.Munit;

namespace GitActors.Actors.Sweeps;

/// <summary>
/// Strict HOCON reader for sweep files: everything lives under one `sweep { }` block, every key must be known,
/// every value valid; the first problem is reported with the file and the key path.
/// </summary>
public static class SweepSpecParser
{
    private static readonly string[] SweepKeys =
    [
        "name", "description", "datasets", "orderings", "models", "methods", "seeds",
        "epochs", "batch-size", "lr", "beta", "focal", "ldam", "git", "ekld", "engine", "munit", "randaugment",
    ];
    private static readonly string[] DatasetKeys = ["name", "format", "path", "test-path", "train-limit", "test-limit"];
    private static readonly string[] LrKeys = ["base", "momentum", "weight-decay", "warmup-epochs", "stage1", "stage2", "policy"];
    private static readonly string[] FocalKeys = ["gamma"];
    private static readonly string[] LdamKeys = ["max-margin", "scale"];
    private static readonly string[] GitKeys = ["fraction", "cutoff", "soft-cutoff", "independent-stream", "start-delay", "bank-styles"];
    private static readonly string[] RandAugmentKeys = ["ops", "magnitude"];
    private static readonly string[] EkldKeys = ["images-per-class", "transforms-per-image"];
    private static readonly string[] MunitKeys =
        ["preset", "steps", "batch-size", "dim", "recon-x-weight", "recon-cycle-weight", "lr", "lr-step", "lr-gamma", "seed", "checkpoint-every", "translation"];
    private static readonly string[] EngineKeys =
        ["max-attempts", "retry-backoff", "stall-timeout", "stall-timeout-min", "max-stalls", "max-infra-retries", "infra-retry-backoff"];

    // Accepted and ignored until 2026-12 (the engine never checkpointed mid-epoch), so name it rather than "unknown key".
    private const string RetiredCheckpointKey = "checkpoint-every-steps";

    public static SweepSpec Load(string path)
    {
        if (!System.IO.File.Exists(path)) throw new SweepSpecException(path, "(file)", "no such sweep file");
        return Parse(System.IO.File.ReadAllText(path), path);
    }

    public static SweepSpec Parse(string text, string file)
    {
        Config config;
        try { config = ConfigurationFactory.ParseString(text); }
        catch (Exception e) { throw new SweepSpecException(file, "(syntax)", $"not valid HOCON: {e.Message}"); }

        var root = config.Root is { } value && value.IsObject()
            ? new SpecObject(file, "", value.GetObject(), ["sweep"])
            : throw new SweepSpecException(file, "sweep", "the file must contain a sweep { ... } block");
        var sweep = root.Object("sweep", SweepKeys) ?? throw root.Fail("sweep", "missing the sweep { ... } block");

        var lr = sweep.Object("lr", LrKeys);
        var schedule = new ScheduleOverrides(
            Epochs: sweep.Int("epochs", 1, 100_000),
            BatchSize: sweep.Int("batch-size", 1, 1 << 20),
            BaseLr: lr?.Double("base", 0, 10, minExclusive: true),
            Momentum: lr?.Double("momentum", 0, 1),
            WeightDecay: lr?.Double("weight-decay", 0, 1),
            WarmupEpochs: lr?.Int("warmup-epochs", 0, 100_000),
            Stage1Epoch: lr?.Int("stage1", 1, 100_000),
            Stage2Epoch: lr?.Int("stage2", 1, 100_000),
            Policy: lr?.Named("policy", ConfigNames.ParsePolicy),
            Beta: sweep.Double("beta", 0, 1, minExclusive: true));
        if (schedule.Stage1Epoch is { } s1 && schedule.Stage2Epoch is { } s2 && s2 < s1)
            throw lr!.Fail("stage2", $"stage2 ({s2}) comes before stage1 ({s1})");
        if (schedule.Beta is 1.0) throw sweep.Fail("beta", "beta must be below 1 (effective numbers divide by 1 - beta^n)");

        var focal = sweep.Object("focal", FocalKeys);
        var ldam = sweep.Object("ldam", LdamKeys);
        var defaults = new LossSettings();
        var loss = new LossSettings(
            FocalGamma: focal?.Double("gamma", 0, 100) ?? defaults.FocalGamma,
            LdamMaxMargin: ldam?.Double("max-margin", 0, 10, minExclusive: true) ?? defaults.LdamMaxMargin,
            LdamScale: ldam?.Double("scale", 0, 1000, minExclusive: true) ?? defaults.LdamScale);

        var ekld = sweep.Object("ekld", EkldKeys);
        var evalDefaults = new EvalSpec();
        var eval = new EvalSpec(
            EkldImagesPerClass: ekld?.Int("images-per-class", 1, 1_000_000) ?? evalDefaults.EkldImagesPerClass,
            EkldTransformsPerImage: ekld?.Int("transforms-per-image", 1, 1_000_000) ?? evalDefaults.EkldTransformsPerImage);

        return new SweepSpec(
            Name: ReadName(sweep),
            SourcePath: file,
            SourceText: text,
            Datasets: ReadDatasets(sweep),
            Orderings: ReadInts(sweep, "orderings", 0) ?? [0],
            Models: ReadNamedList(sweep, "models", ConfigNames.ParseModel),
            Methods: ReadNamedList(sweep, "methods", MethodSpec.Parse),
            Seeds: ReadInts(sweep, "seeds", 0) ?? throw sweep.Fail("seeds", "missing; list the seeds, e.g. seeds = [1, 2, 3]"),
            Schedule: schedule,
            Loss: loss,
            Git: ReadGit(sweep.Object("git", GitKeys)),
            Eval: eval,
            Engine: ReadEngine(sweep),
            Munit: ReadMunit(sweep.Object("munit", MunitKeys)),
            RandAugment: ReadRandAugment(sweep.Object("randaugment", RandAugmentKeys)));
    }

    private static MunitSettings ReadMunit(SpecObject? munit)
    {
        var defaults = new MunitSettings();
        if (munit is null) return defaults;
        var preset = munit.String("preset") is { } name
            ? MunitRecipe.TryPreset(name) ?? throw munit.Fail("preset", $"'{name}' is not a MUNIT recipe; use {string.Join(" or ", MunitRecipe.Names)}")
            : MunitRecipe.Paper;
        var recipe = preset with
        {
            Steps = munit.Int("steps", 1, 100_000_000) ?? preset.Steps,
            BatchSize = munit.Int("batch-size", 1, 4096) ?? preset.BatchSize,
            Dim = munit.Int("dim", 1, 1024) ?? preset.Dim,
            ReconXWeight = munit.Double("recon-x-weight", 0, 1e6) ?? preset.ReconXWeight,
            ReconXCycWeight = munit.Double("recon-cycle-weight", 0, 1e6) ?? preset.ReconXCycWeight,
            Lr = munit.Double("lr", 0, 1, minExclusive: true) ?? preset.Lr,
            LrStep = munit.Int("lr-step", 1, 100_000_000) ?? preset.LrStep,
            LrGamma = munit.Double("lr-gamma", 0, 1, minExclusive: true) ?? preset.LrGamma,
        };
        return new MunitSettings(
            recipe,
            Seed: munit.Int("seed", 0) ?? defaults.Seed,
            CheckpointEvery: munit.Int("checkpoint-every", 1, 100_000_000) ?? defaults.CheckpointEvery,
            Translation: ReadTranslation(munit) ?? defaults.Translation);
    }

    private static MunitTranslation? ReadTranslation(SpecObject munit)
    {
        if (munit.String("translation") is not { } name) return null;
        return MunitTranslationNames.TryParse(name) ?? throw munit.Fail("translation",
            $"'{name}' is not a MUNIT translation; use {MunitTranslationNames.AToB} (the paper's G_A->B) or {MunitTranslationNames.SameGenerator} (the reference code's gen_a alone)");
    }

    private static string ReadName(SpecObject sweep)
    {
        var name = sweep.String("name") ?? throw sweep.Fail("name", "missing; give the sweep a name");
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw sweep.Fail("name", $"'{name}' must be non-empty and use only letters, digits, '-', '_' and '.'");
        return name;
    }

    private static IReadOnlyList<DataSpec> ReadDatasets(SpecObject sweep)
    {
        var items = sweep.List("datasets") ?? throw sweep.Fail("datasets", "missing; e.g. datasets = [fmnist-bg-lt]");
        var result = new List<DataSpec>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{sweep.PathOf("datasets")}[{i}]";
            var data = items[i].IsObject()
                ? ReadDatasetBlock(new SpecObject(sweep.File, path, items[i].GetObject(), DatasetKeys))
                : ReadDatasetName(sweep, path, sweep.ScalarAt(path, items[i]));
            if (result.Contains(data)) throw new SweepSpecException(sweep.File, path, $"dataset '{data.Dataset}' is listed twice");
            result.Add(data);
        }
        return result;
    }

    private static DataSpec ReadDatasetName(SpecObject sweep, string path, string name)
    {
        var recipe = DatasetRegistry.Find(name) ?? throw new SweepSpecException(sweep.File, path, DatasetRegistry.Unknown(name));
        if (!recipe.BuiltIn)
            throw new SweepSpecException(sweep.File, path,
                $"dataset '{name}' is not built in; write a block {{ name = {name}, format = ..., path = ... }}");
        return new DataSpec(name);
    }

    private static DataSpec ReadDatasetBlock(SpecObject block)
    {
        var name = block.String("name") ?? throw block.Fail("name", "missing; which dataset is this?");
        var recipe = DatasetRegistry.Find(name) ?? throw block.Fail("name", DatasetRegistry.Unknown(name));
        var format = block.String("format");
        var path = block.String("path");
        var testPath = block.String("test-path");
        if (format is not null && !DatasetReader.FormatNames.Contains(format))
            throw block.Fail("format", $"unknown format '{format}'; expected one of: {string.Join(", ", DatasetReader.FormatNames)}");
        if (path is null && !recipe.BuiltIn) throw block.Fail("path", $"missing; '{name}' is not built in, so say where its files are");
        if (path is not null && format is null) throw block.Fail("format", "missing; a dataset with a path needs its format");
        if (path is { Length: 0 }) throw block.Fail("path", "is empty");
        if (testPath is not null && path is null) throw block.Fail("test-path", "given without path");
        // Quick runs (tests, smoke sweeps): a class-proportional subsample, part of every run id (DataSpec).
        var trainLimit = block.Int("train-limit", 1);
        var testLimit = block.Int("test-limit", 1);
        return new DataSpec(name, Ordering: 0, Format: format, Path: path, TestPath: testPath, TrainLimit: trainLimit, TestLimit: testLimit);
    }

    private static IReadOnlyList<int>? ReadInts(SpecObject sweep, string key, int min)
    {
        if (sweep.List(key) is not { } items) return null;
        var result = new List<int>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{sweep.PathOf(key)}[{i}]";
            var value = sweep.ParseInt(path, sweep.ScalarAt(path, items[i]), min);
            if (result.Contains(value)) throw new SweepSpecException(sweep.File, path, $"{value} is listed twice");
            result.Add(value);
        }
        return result;
    }

    private static IReadOnlyList<T> ReadNamedList<T>(SpecObject sweep, string key, Func<string, T> parse)
    {
        var items = sweep.List(key) ?? throw sweep.Fail(key, "missing");
        var result = new List<T>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{sweep.PathOf(key)}[{i}]";
            var text = sweep.ScalarAt(path, items[i]);
            var value = sweep.ParseNamed(path, text, parse);
            if (result.Contains(value)) throw new SweepSpecException(sweep.File, path, $"'{text}' is listed twice");
            result.Add(value);
        }
        return result;
    }

    private static RandAugmentOverrides ReadRandAugment(SpecObject? block) => block is null
        ? new RandAugmentOverrides()
        : new RandAugmentOverrides(block.Int("ops", 1, 14), block.Int("magnitude", 0, Models.Data.Augmentation.RandAugmentSettings.MaxMagnitude));

    private static GitSettings ReadGit(SpecObject? git)
    {
        var defaults = new GitSettings();
        if (git is null) return defaults;
        var (cutoffSet, cutoff) = (false, (int?)null);
        if (git.Value("cutoff") is { } value)
        {
            var text = git.ScalarAt(git.PathOf("cutoff"), value);
            cutoffSet = true;
            cutoff = text.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : git.ParseInt(git.PathOf("cutoff"), text, 1);
        }
        return new GitSettings(
            Fraction: git.Double("fraction", 0, 1, minExclusive: true) ?? defaults.Fraction,
            CutoffSet: cutoffSet,
            Cutoff: cutoff,
            SoftCutoff: git.Bool("soft-cutoff") ?? defaults.SoftCutoff,
            IndependentStream: git.Bool("independent-stream") ?? defaults.IndependentStream,
            StartDelayEpochs: git.Int("start-delay", 0, 100_000) ?? defaults.StartDelayEpochs,
            BankStyles: git.Int("bank-styles", 0, 1_000) ?? defaults.BankStyles);
    }

    /// <summary>A stall deadline of zero would stall every attempt at once.</summary>
    private static TimeSpan Positive(SpecObject engine, string key)
    {
        var span = engine.Duration(key)!.Value;
        return span > TimeSpan.Zero ? span : throw engine.Fail(key, "must be longer than 0");
    }

    private static EngineSettings ReadEngine(SpecObject sweep)
    {
        if (sweep.Value("engine") is { } block && block.IsObject() && block.GetObject().Items.ContainsKey(RetiredCheckpointKey))
            throw new SweepSpecException(sweep.File, $"{sweep.PathOf("engine")}.{RetiredCheckpointKey}",
                "is not supported: a classifier run checkpoints at the end of every epoch (a MUNIT job every munit.checkpoint-every " +
                "iterations) and resumes from there; remove the key");
        var engine = sweep.Object("engine", EngineKeys);
        var defaults = EngineSettings.Default;
        if (engine is null) return defaults;
        return new EngineSettings
        {
            MaxAttempts = engine.Int("max-attempts", 1, 1000) ?? defaults.MaxAttempts,
            RetryBackoff = engine.Duration("retry-backoff") ?? defaults.RetryBackoff,
            StallTimeout = engine.String("stall-timeout") is null or "auto" ? defaults.StallTimeout : Positive(engine, "stall-timeout"),
            StallTimeoutMin = engine.Value("stall-timeout-min") is null ? defaults.StallTimeoutMin : Positive(engine, "stall-timeout-min"),
            MaxStalls = engine.Int("max-stalls", 1, 1000) ?? defaults.MaxStalls,
            MaxInfrastructureRetries = engine.Int("max-infra-retries", 0, 1000) ?? defaults.MaxInfrastructureRetries,
            InfraRetryBackoff = engine.Duration("infra-retry-backoff") ?? defaults.InfraRetryBackoff,
        };
    }
}
