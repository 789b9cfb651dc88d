using GitActors.Actors.Journal;
using GitActors.Models;

namespace GitActors.Actors.Sweeps;

/// <summary>
/// Grid expansion in a fixed order: dataset, ordering, seed, model, method (innermost), so the first runs of a
/// sweep already give one seed of every method. Settings a method does not use are reset to their defaults,
/// so e.g. changing git.fraction never changes the id of an ERM run.
/// </summary>
internal static class SweepExpander
{
    public static SweepPlan Expand(SweepSpec spec)
    {
        var runs = new List<PlannedRun>();
        var labelsById = new Dictionary<string, string>();
        foreach (var dataset in spec.Datasets)
        {
            var family = SweepDatasets.Find(dataset.Dataset)!.Family;
            var schedule = spec.Schedule.ApplyTo(SweepDatasets.DefaultSchedule(family));
            CheckSchedule(spec, dataset, schedule);
            foreach (var ordering in spec.Orderings)
            foreach (var seed in spec.Seeds)
            foreach (var model in spec.Models)
            foreach (var method in spec.Methods)
            {
                var config = new RunConfig(
                    Data: dataset with { Ordering = ordering },
                    Model: model,
                    Loss: LossFor(method.Loss, spec.Loss),
                    Rule: method.Rule,
                    Augment: AugmentFor(method.Augment, spec.Git, family),
                    Schedule: UsesEffectiveNumbers(method.Rule) ? schedule : schedule with { Beta = ScheduleSpec.K49.Beta },
                    Eval: spec.Eval,
                    Seed: seed);
                var runId = RunIdentity.RunId(config);
                var label = $"{dataset.Dataset}/o{ordering}/{ConfigNames.Name(model)}/{method.Name}/s{seed}";
                if (labelsById.TryGetValue(runId, out var other))
                    throw new SweepSpecException(spec.SourcePath, "sweep", $"runs {other} and {label} have the same config");
                labelsById[runId] = label;
                runs.Add(new PlannedRun(runId, label, config));
            }
        }
        return new SweepPlan(RunIdentity.SweepId(spec.Name, runs.Select(r => r.RunId)), spec.Name, runs, spec.Engine);
    }

    private static LossSpec LossFor(LossKind kind, LossSettings settings) => kind switch
    {
        LossKind.Focal => new LossSpec(kind, FocalGamma: settings.FocalGamma),
        LossKind.Ldam => new LossSpec(kind, LdamMaxMargin: settings.LdamMaxMargin, LdamScale: settings.LdamScale),
        _ => new LossSpec(kind),
    };

    private static AugmentSpec AugmentFor(AugmentKind kind, GitSettings git, DatasetFamily family) => kind == AugmentKind.None
        ? new AugmentSpec()
        : new AugmentSpec(
            kind,
            git.Fraction,
            git.CutoffSet ? git.Cutoff : SweepDatasets.DefaultGitCutoff(family),
            git.SoftCutoff,
            git.IndependentStream,
            git.StartDelayEpochs);

    /// <summary>Only the class-balanced rules weight or sample by effective numbers, so only they depend on beta.</summary>
    private static bool UsesEffectiveNumbers(TrainRule rule) => rule is TrainRule.CbRs or TrainRule.CbRw or TrainRule.Drw;

    private static void CheckSchedule(SweepSpec spec, DataSpec dataset, ScheduleSpec schedule)
    {
        if (schedule.Stage2Epoch < schedule.Stage1Epoch)
            throw new SweepSpecException(spec.SourcePath, "sweep.lr.stage2",
                $"for {dataset.Dataset}, stage2 ({schedule.Stage2Epoch}) comes before stage1 ({schedule.Stage1Epoch}); set both");
    }
}
