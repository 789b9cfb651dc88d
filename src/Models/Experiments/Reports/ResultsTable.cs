using GitActors.Models.Experiments.Events;
using GitActors.Models.Metrics;

namespace GitActors.Models.Experiments.Reports;

/// <summary>
/// One cell of a results table: every run of one method on one dataset, pooled over seeds and class orderings.
/// Each metric is a <see cref="MeanInterval"/> over the completed runs: Mean, StandardError (s/sqrt(n)) and the 95%
/// Student-t bounds Lower/Upper; null when no run of the cell has completed. Accuracies are fractions in [0, 1].
/// </summary>
public sealed record ResultCell(
    string Dataset,
    int Planned,
    int Completed,
    int Failed,
    int Seeds,
    int Orderings,
    MeanInterval? BalancedAccuracy,
    MeanInterval? Top1,
    MeanInterval? MeanEkld);

/// <summary>One method's results on every dataset of the sweep, in dataset column order.</summary>
public sealed record ResultRow(string Method, MethodKey Key, IReadOnlyList<ResultCell?> Cells);

/// <summary>The paper's Tables 1-4: rows are methods, columns datasets (variants), both in sweep plan order.</summary>
public sealed record ResultsTable(IReadOnlyList<string> Datasets, IReadOnlyList<ResultRow> Rows)
{
    /// <summary>Groups a sweep's runs by method and dataset. Runs without a config (unknown to the plan) are left out.</summary>
    public static ResultsTable Build(SweepSummary sweep)
    {
        var runs = sweep.Runs.Where(r => r.Config is not null).ToList();
        var rows = new MethodRows(runs.Select(r => r.Config!));
        var datasets = runs.Select(r => r.Config!.Data.Dataset).Distinct(StringComparer.Ordinal).ToList();
        var table = runs
            .GroupBy(r => MethodRows.Key(r.Config!))
            .Select(method => new ResultRow(
                rows.Label(method.Key),
                method.Key,
                datasets.Select(dataset => Cell(dataset, method.Where(r => r.Config!.Data.Dataset == dataset).ToList())).ToList()))
            .ToList();
        return new ResultsTable(datasets, table);
    }

    private static ResultCell? Cell(string dataset, IReadOnlyList<RunSummary> runs)
    {
        if (runs.Count == 0) return null;
        var completed = runs.Where(r => r.State == RunState.Completed && r.Result is not null).ToList();
        var results = completed.Select(r => r.Result!).ToList();
        var ekld = results.Select(RunEkld.Mean).OfType<double>().ToList();
        return new ResultCell(
            dataset,
            runs.Count,
            results.Count,
            runs.Count(r => r.State == RunState.Failed),
            completed.Select(r => r.Config!.Seed).Distinct().Count(),
            completed.Select(r => r.Config!.Data.Ordering).Distinct().Count(),
            Aggregate(results.Select(r => r.BalancedAccuracy).ToList()),
            Aggregate(results.Select(r => r.Top1).ToList()),
            Aggregate(ekld));
    }

    /// <summary>Mean, standard error and 95% t interval (both spreads the paper uses: SE for Tables 1-4, CI for K49).</summary>
    internal static MeanInterval? Aggregate(IReadOnlyList<double> values) =>
        values.Count == 0 ? null : Intervals.StudentTConfidence(values, 0.95);
}
