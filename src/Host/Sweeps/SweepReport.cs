namespace GitActors.Host.Sweeps;

/// <summary>
/// One run as `sweep status`, the end-of-sweep summary and the dashboard's run table show it (fractions, not
/// percentages): where its latest attempt runs, its latest epoch's images/s and the time left at this attempt's pace.
/// </summary>
internal sealed record RunReport(
    string RunId,
    string Label,
    string? Dataset,
    string? Model,
    string? Method,
    int? Seed,
    RunState State,
    int Attempts,
    int Epoch,
    int? TotalEpochs,
    double? BestBalancedAccuracy,
    double? BalancedAccuracy,
    double? Top1,
    double? MeanEkld,
    string? LastError,
    string? Node,
    string? Device,
    double? ImagesPerSecond,
    TimeSpan? Eta);

/// <summary>A sweep's state read from the journal: the output of `sweep status` and `sweep run --json`.</summary>
internal sealed record SweepReport(
    string SweepId,
    string Name,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    int Completed,
    int Failed,
    IReadOnlyList<RunReport> Runs)
{
    /// <summary>The journal's projection of the sweep (read-only; safe while a sweep writes), or null if it has none.</summary>
    public static async Task<SweepSummary?> ReadAsync(JournalSettings journal, string sweepId, CancellationToken cancel)
    {
        var events = await SweepQueries.ReadAsync(journal, reader => SweepQueries.SweepEventsAsync(reader, sweepId, cancel));
        return events.Count == 0 ? null : SweepProjection.Fold(sweepId, events.Select(e => e.Event));
    }

    public static SweepReport From(SweepSummary sweep) => new(
        sweep.SweepId, sweep.Name, sweep.StartedAt, sweep.CompletedAt, sweep.Count(RunState.Completed), sweep.Count(RunState.Failed),
        sweep.Runs.Select(Run).ToList());

    private static RunReport Run(RunSummary run)
    {
        var config = run.Config;
        var result = run.Result;
        // eKLD is reported per class; the summary shows its mean over classes under the data set's true nuisance.
        var meanEkld = result?.Ekld.FirstOrDefault() is { PerClassEkld.Length: > 0 } ekld ? ekld.PerClassEkld.Average() : (double?)null;
        return new RunReport(
            run.RunId,
            run.Label,
            config?.Data.Dataset,
            config is null ? null : ConfigNames.Name(config.Model),
            config is null ? null : ConfigNames.MethodName(config.Loss.Kind, config.Rule, config.Augment.Kind),
            config?.Seed,
            run.State,
            run.Attempts,
            run.LastEpoch,
            config?.Schedule.Epochs,
            run.BestBalancedAccuracy,
            result?.BalancedAccuracy,
            result?.Top1,
            meanEkld,
            run.LastError,
            run.Node,
            run.Device,
            run.ImagesPerSecond,
            config is null ? null : run.Eta(config.Schedule.Epochs));
    }
}
