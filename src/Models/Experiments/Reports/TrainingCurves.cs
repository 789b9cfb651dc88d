using GitActors.Models.Experiments.Events;


namespace GitActors.Models.Experiments.Reports;

public sealed record EpochPoint(int Epoch, double TrainLoss, double Lr, double BalancedAccuracy, double ImagesPerSecond);

/// <summary>The epochs behind one run's latest model, in epoch order.</summary>
public sealed record TrainingCurve(string RunId, string Label, string Dataset, string Method, IReadOnlyList<EpochPoint> Epochs);

/// <summary>
/// Training curves from EpochCompleted events. The journal may hold several attempts of a run: reports of an attempt
/// older than the latest (lower fencing token) are ignored, and an attempt that resumes from epoch k discards the
/// earlier attempt's epochs after k, so each curve is the history of the model the run actually produced.
/// </summary>
public static class TrainingCurves
{
    public static IReadOnlyList<TrainingCurve> Build(SweepSummary sweep, IEnumerable<ISweepEvent> events)
    {
        var byRun = new Dictionary<string, (long Token, SortedDictionary<int, EpochPoint> Epochs)>(StringComparer.Ordinal);
        foreach (var evt in events)
        {
            switch (evt)
            {
                case RunStarted e when Current(byRun, e.RunId, e.FencingToken) is { } epochs:
                    foreach (var later in epochs.Keys.Where(k => k > e.ResumeFromEpoch).ToList()) epochs.Remove(later);
                    break;
                case EpochCompleted e when Current(byRun, e.RunId, e.FencingToken) is { } epochs:
                    epochs[e.Epoch] = new EpochPoint(e.Epoch, e.TrainLoss, e.Lr, e.BalancedAccuracy, e.ImagesPerSecond);
                    break;
            }
        }
        var rows = new MethodRows(sweep.Runs.Select(r => r.Config).OfType<Models.RunConfig>());
        return sweep.Runs
            .Where(r => byRun.TryGetValue(r.RunId, out var run) && run.Epochs.Count > 0)
            .Select(r => new TrainingCurve(r.RunId, r.Label, r.Config?.Data.Dataset ?? "", r.Config is { } c ? rows.Label(c) : "",
                byRun[r.RunId].Epochs.Values.ToList()))
            .ToList();
    }

    /// <summary>The run's epochs if this report is from its latest attempt so far, else null (a stale report).</summary>
    private static SortedDictionary<int, EpochPoint>? Current(
        Dictionary<string, (long Token, SortedDictionary<int, EpochPoint> Epochs)> byRun, string runId, long token)
    {
        if (!byRun.TryGetValue(runId, out var run))
        {
            run = (token, new SortedDictionary<int, EpochPoint>());
            byRun[runId] = run;
        }
        if (token < run.Token) return null;
        byRun[runId] = run with { Token = token };
        return run.Epochs;
    }
}
