namespace GitActors.Host.Chaos;

/// <summary>
/// What `gitactors chaos` found: the faulted journal (killed and brought back) against the reference journal (the same
/// sweep uninterrupted). It passes when no run was lost or completed twice and every recorded metric is equal.
/// </summary>
public sealed record ChaosReport(
    int KillsRequested,
    int KillsDelivered,
    int Runs,
    int CompletedExactlyOnce,
    IReadOnlyList<string> DuplicatedCompletions,
    IReadOnlyList<string> LostRuns,
    IReadOnlyList<string> MetricMismatches,
    int EpochsCompletedTwice,
    int Launches,
    double ReferenceSeconds,
    double FaultedSeconds)
{
    public bool MetricsEqual => MetricMismatches.Count == 0;

    public bool Passed => DuplicatedCompletions.Count == 0 && LostRuns.Count == 0 && MetricsEqual;
}
