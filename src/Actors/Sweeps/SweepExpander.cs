using GitActors.Actors.Journal;
using GitActors.Models;
using GitActors.Models.Data.Datasets;

namespace GitActors.Actors.Sweeps;

/// <summary>
/// Grid expansion in a fixed order: dataset, ordering, seed, model, method (innermost), so the first runs of a
/// sweep already give one seed of every method. Settings a method does not use are reset to their defaults,
/// so e.g. changing git.fraction never changes the id of an ERM run. A dataset variant and ordering with a GIT method
/// gets one MUNIT job, planned before its runs; every run of that variant names the job (GIT runs wait for it).
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
                var munitJob = spec.Methods.Any(m => m.Augment == AugmentKind.Git)
                    ? MunitJob(spec, dataset with { Ordering = ordering }, family)
                    : null;
                if (munitJob is not null) Add(munitJob);
                foreach (var seed in spec.Seeds)
                foreach (var model in spec.Models)
                foreach (var method in spec.Methods)
                {
                    var config = new RunConfig(
                        Data: dataset with { Ordering = ordering },
                        Model: model,
                        Loss: LossFor(method.Loss, spec.Loss),
                        Rule: method.Rule,
                        Augment: AugmentFor(method.Augment, spec.Git, family, dataset.Dataset, spec.RandAugment),
                        Schedule: UsesEffectiveNumbers(method.Rule) ? schedule : schedule with { Beta = ScheduleSpec.K49.Beta },
                        Eval: spec.Eval,
                        Seed: seed);
                    var label = $"{dataset.Dataset}/o{ordering}/{ConfigNames.Name(model)}/{method.Name}/s{seed}";
                    Add(new PlannedRun(RunIdentity.RunId(config), label, config, munitJob?.RunId));
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
            git.StartDelayEpochs),
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
