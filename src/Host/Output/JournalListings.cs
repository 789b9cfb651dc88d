using GitActors.Models.Experiments.Reports;
using Newtonsoft.Json;

namespace GitActors.Host.Output;

/// <summary>One sweep as `journal sweeps --json` (and the dashboard's /api/sweeps) lists it.</summary>
internal sealed record SweepListing(
    string SweepId, string Name, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt,
    int Runs, int Pending, int Queued, int Running, int Completed, int Failed)
{
    public static SweepListing From(SweepSummary s) => new(s.SweepId, s.Name, s.StartedAt, s.CompletedAt, s.RunOrder.Count,
        s.Count(RunState.Pending), s.Count(RunState.Queued), s.Count(RunState.Running), s.Count(RunState.Completed), s.Count(RunState.Failed));
}

/// <summary>One run as `journal runs --json` (and /api/sweeps/ID/runs) lists it; accuracies are fractions.</summary>
internal sealed record RunListing(
    string RunId, string Label, RunState State, int Attempts, int LastEpoch, double? BestBalancedAccuracy,
    double? BalancedAccuracy, double? Top1, double? Top5, double? MeanEkld, string? LastError,
    string Kind = "classifier", int? Iterations = null, double? TrainLoss = null, string? Artifact = null, string? ArtifactSha256 = null)
{
    public static RunListing From(RunSummary r) => new(r.RunId, r.Label, r.State, r.Attempts, r.LastEpoch, r.BestBalancedAccuracy,
        r.Result?.BalancedAccuracy, r.Result?.Top1, r.Result?.Top5, RunEkld.Mean(r.Result), r.LastError,
        RunKinds.Name(r.Kind), r.JobIterations, r.LastTrainLoss, r.ArtifactPath, r.ArtifactSha256);

    /// <summary>A job's line in the tables: what it made so far, instead of the classifier metrics it does not have.</summary>
    public string JobText() => Kind == "classifier" ? "" : string.Join(", ", new[]
    {
        Iterations is { } its ? $"{its:N0} iterations" : $"{LastEpoch} blocks",
        TrainLoss is { } loss ? $"loss {loss:F3}" : null,
        ArtifactSha256 is { } sha ? $"{(Kind == "munit job" ? "generator" : "bank")} {sha[..Math.Min(12, sha.Length)]}" : null,
    }.OfType<string>());
}

/// <summary>One journal event as `journal events --json` (and /api/runs/ID) lists it.</summary>
internal sealed record EventListing(long Offset, string PersistenceId, long SequenceNr, string Manifest, ISweepEvent Event)
{
    public static EventListing From(JournalEntry e) => new(e.Offset, e.PersistenceId, e.SequenceNr, e.Manifest, e.Event);
}

/// <summary>The `journal` verbs' JSON: the journal's own conventions (EventJson), indented.</summary>
internal static class JournalJson
{
    public static string Serialize(object value) => EventJson.ToJson(value, Formatting.Indented);
}
