using GitActors.Models.Experiments.Events;
using GitActors.Models.Training;

namespace GitActors.Models.Experiments.Reports;

/// <summary>Everything `gitactors report` shows of one sweep: the results table and the data behind each plot.</summary>
public sealed record SweepReport(
    string SweepId,
    string Name,
    int Runs,
    int Completed,
    int Failed,
    ResultsTable Table,
    IReadOnlyList<ClassSizeFigure> Ekld,
    IReadOnlyList<ClassSizeFigure> Accuracy,
    IReadOnlyList<TrainingCurve> Training,
    IReadOnlyList<RunSummary> Jobs)
{
    /// <summary>Folds the sweep's journal events (in journal order) and aggregates them; pure, no I/O.</summary>
    public static SweepReport Build(string sweepId, IReadOnlyList<ISweepEvent> events)
    {
        var folded = SweepProjection.Fold(sweepId, events);
        // MUNIT and bank jobs have no classifier metrics: they are not rows, curves or eKLD series.
        var jobs = folded.Runs.Where(r => r.Config?.IsJob() == true).Select(r => r.RunId).ToHashSet();
        var sweep = folded with { RunOrder = folded.RunOrder.RemoveAll(jobs.Contains), RunsById = folded.RunsById.RemoveRange(jobs) };
        var completed = sweep.Runs.Where(r => r.State == RunState.Completed && r.Result is not null && r.Config is not null).ToList();
        var rows = new MethodRows(sweep.Runs.Select(r => r.Config).OfType<Models.RunConfig>());
        var byDataset = completed.GroupBy(r => r.Config!.Data.Dataset, StringComparer.Ordinal).ToList();

        ClassSizeFigure Figure(IGrouping<string, RunSummary> dataset, string metric, string? transform, Func<RunResult, double[]?> perClass) =>
            new(dataset.Key, metric, transform, dataset
                .GroupBy(r => rows.Label(r.Config!))
                .Select(method =>
                {
                    var measured = method.Select(r => r.Result!).Where(r => perClass(r) is not null).ToList();
                    return new ClassSizeSeries(method.Key, measured.Count, ClassSizeCurves.Build(measured, perClass));
                })
                .Where(s => s.Runs > 0)
                .ToList());

        var ekld = byDataset
            .SelectMany(d => d.SelectMany(r => r.Result!.Ekld.Select(e => e.Transform)).Distinct(StringComparer.Ordinal)
                .Select(t => Figure(d, "ekld", t, ClassSizeCurves.Ekld(t))))
            .ToList();
        var accuracy = byDataset.Select(d => Figure(d, "accuracy", null, ClassSizeCurves.Accuracy)).ToList();

        return new SweepReport(
            sweepId, sweep.Name, sweep.RunOrder.Count, sweep.Count(RunState.Completed), sweep.Count(RunState.Failed),
            ResultsTable.Build(sweep), ekld, accuracy, TrainingCurves.Build(sweep, events),
            folded.Runs.Where(r => jobs.Contains(r.RunId)).ToList());
    }
}
