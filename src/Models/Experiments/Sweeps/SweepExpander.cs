using GitActors.Models;
using GitActors.Models.Data.Datasets;
using GitActors.Models.Experiments.Events;

namespace GitActors.Models.Experiments.Sweeps;

/// <summary>
/// Grid expansion in a fixed order: dataset, ordering, seed, model, method (innermost), so the first runs of a
/// sweep already give one seed of every method. Settings a method does not use are reset to their defaults,
/// so e.g. changing git.fraction never changes the id of an ERM run. A dataset variant and ordering with a GIT method
/// gets one MUNIT job, planned before its runs; every run of that variant names the job (GIT runs wait for it). With
/// git.bank-styles, each distinct augmentation bank its GIT runs read gets a bank job after the MUNIT job (it waits for
/// the generator), and those GIT runs name it and wait for its bank.
/// </summary>
internal static class SweepExpander
{
    public static SweepPlan Expand(SweepSpec spec)
    {
        var runs = new List<PlannedRun>();
        var labelsById = new Dictionary<string, string>();
        foreach (var dataset in spec.Datasets)
        {
            var family = DatasetRegistry.Recipe(dataset.Dataset).Family;
            var schedule = spec.Schedule.ApplyTo(family.Schedule());
            CheckSchedule(spec, dataset, schedule);
            foreach (var ordering in spec.Orderings)
            {
                var data = dataset with { Ordering = ordering };
                var munitJob = spec.Methods.Any(m => m.Augment == AugmentKind.Git) ? MunitJob(spec, data, family) : null;
                var classifiers = new List<(RunConfig Config, string Label)>();
                foreach (var seed in spec.Seeds)
                    foreach (var model in spec.Models)
                        foreach (var method in spec.Methods)
                        {
                            var config = new RunConfig(
                                Data: data,
                                Model: model,
                                Loss: LossFor(method.Loss, spec.Loss),
                                Rule: method.Rule,
                                Augment: AugmentFor(method.Augment, spec.Git, family, dataset.Dataset, spec.RandAugment),
                                Schedule: UsesEffectiveNumbers(method.Rule) ? schedule : schedule with { Beta = ScheduleSpec.K49.Beta },
                                Eval: spec.Eval,
                                Seed: seed);
                            classifiers.Add((config, $"{dataset.Dataset}/o{ordering}/{ConfigNames.Name(model)}/{method.Name}/s{seed}"));
                        }
                if (munitJob is not null) Add(munitJob);
                // One bank job per distinct bank the variant's GIT runs read, planned after the MUNIT job it waits for.
                var banks = new Dictionary<BankJobSpec, PlannedRun>();
                foreach (var (config, _) in classifiers.Where(c => c.Config.Augment.UsesBank()))
                {
                    var bank = BankJobSpec.For(config, munitJob!.RunId);
                    if (banks.ContainsKey(bank)) continue;
                    banks[bank] = BankJob(spec, data, bank);
                    Add(banks[bank]);
                }
                foreach (var (config, label) in classifiers)
                {
                    var bankJob = config.Augment.UsesBank() ? banks[BankJobSpec.For(config, munitJob!.RunId)].RunId : null;
                    Add(new PlannedRun(RunIdentity.RunId(config), label, config, munitJob?.RunId, bankJob));
                }
            }
        }
        return new SweepPlan(RunIdentity.SweepId(spec.Name, runs.Select(r => r.RunId)), spec.Name, runs, spec.Engine);

        void Add(PlannedRun run)
        {
            if (labelsById.TryGetValue(run.RunId, out var other))
                throw new SweepSpecException(spec.SourcePath, "sweep", $"runs {other} and {run.Label} have the same config");
            labelsById[run.RunId] = run.Label;
            runs.Add(run);
        }
    }

    private static PlannedRun MunitJob(SweepSpec spec, DataSpec data, DatasetFamily family)
    {
        var settings = spec.Munit ?? new MunitSettings();
        var recipe = settings.Recipe;
        var steps = recipe.Steps ?? family.MunitSteps();
        if (steps % settings.CheckpointEvery != 0)
            throw new SweepSpecException(spec.SourcePath, "sweep.munit.checkpoint-every",
                $"the MUNIT job's {steps} steps for {data.Dataset} are not a whole number of blocks of {settings.CheckpointEvery}; pick a divisor");
        var job = MunitJobSpec.For(recipe, steps, settings.CheckpointEvery, family.ImageChannels(), settings.Translation);
        var config = RunConfig.ForMunitJob(data, settings.Seed, job);
        return new PlannedRun(RunIdentity.RunId(config), $"{data.Dataset}/o{data.Ordering}/munit/s{settings.Seed}", config);
    }

    /// <summary>A bank job draws its styles from streams of the MUNIT job's seed.</summary>
    private static PlannedRun BankJob(SweepSpec spec, DataSpec data, BankJobSpec bank)
    {
        var seed = (spec.Munit ?? new MunitSettings()).Seed;
        var config = RunConfig.ForBankJob(data, seed, bank);
        return new PlannedRun(RunIdentity.RunId(config), $"{data.Dataset}/o{data.Ordering}/bank/{ConfigNames.Name(bank.Rule)}/s{seed}", config, bank.MunitJob);
    }

    private static LossSpec LossFor(LossKind kind, LossSettings settings) => kind switch
    {
        LossKind.Focal => new LossSpec(kind, FocalGamma: settings.FocalGamma),
        LossKind.Ldam => new LossSpec(kind, LdamMaxMargin: settings.LdamMaxMargin, LdamScale: settings.LdamScale),
        _ => new LossSpec(kind),
    };

    private static AugmentSpec RandAugmentFor(string dataset, RandAugmentOverrides? overrides)
    {
        var published = Models.Data.Augmentation.RandAugmentSettings.For(dataset);
        return new AugmentSpec(AugmentKind.RandAugment, RandAugmentOps: overrides?.Ops ?? published.Ops,
            RandAugmentMagnitude: overrides?.Magnitude ?? published.Magnitude);
    }

    private static AugmentSpec AugmentFor(AugmentKind kind, GitSettings git, DatasetFamily family, string dataset, RandAugmentOverrides? randAugment) => kind switch
    {
        AugmentKind.None => new AugmentSpec(),
        AugmentKind.RandAugment => RandAugmentFor(dataset, randAugment),
        _ => new AugmentSpec(
            kind,
            git.Fraction,
            git.CutoffSet ? git.Cutoff : family.GitCutoff(),
            git.SoftCutoff,
            git.IndependentStream,
            git.StartDelayEpochs,
            // Null at 0 keeps the option out of run ids: only runs that use a bank change id.
            BankStyles: kind == AugmentKind.Git && git.BankStyles > 0 ? git.BankStyles : null),
    };

    /// <summary>Only the class-balanced rules weight or sample by effective numbers, so only they depend on beta.</summary>
    private static bool UsesEffectiveNumbers(TrainRule rule) => rule is TrainRule.CbRs or TrainRule.CbRw or TrainRule.Drw;

    private static void CheckSchedule(SweepSpec spec, DataSpec dataset, ScheduleSpec schedule)
    {
        if (schedule.Stage2Epoch < schedule.Stage1Epoch)
            throw new SweepSpecException(spec.SourcePath, "sweep.lr.stage2",
                $"for {dataset.Dataset}, stage2 ({schedule.Stage2Epoch}) comes before stage1 ({schedule.Stage1Epoch}); set both");
    }
}
