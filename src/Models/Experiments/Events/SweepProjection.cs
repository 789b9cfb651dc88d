using System.Collections.Immutable;
using GitActors.Models;
using GitActors.Models.Training;

namespace GitActors.Models.Experiments.Events;

/// <summary>Pending: planned but not yet queued. Queued includes runs waiting for a retry.</summary>
public enum RunState { Pending, Queued, Running, Completed, Failed }

/// <summary>
/// What the journal says about one run so far. Node and Device are where its latest attempt ran; AttemptStartedAt and
/// ResumedFromEpoch when and from which epoch that attempt began; ImagesPerSecond, LastEpochAt and LastTrainLoss its
/// latest epoch's. A MUNIT or bank job has no classifier metrics (Result and accuracies stay null); it has its
/// iterations (blocks done) and, once finished, the artifact it recorded (generator or bank file and its SHA-256).
/// </summary>
public sealed record RunSummary(
    string RunId,
    string Label,
    RunConfig? Config,
    RunState State,
    int Attempts,
    long FencingToken,
    int LastEpoch,
    double? BestBalancedAccuracy,
    RunResult? Result,
    string? LastError,
    string? Node = null,
    string? Device = null,
    DateTimeOffset? AttemptStartedAt = null,
    int ResumedFromEpoch = 0,
    double? ImagesPerSecond = null,
    DateTimeOffset? LastEpochAt = null,
    double? LastTrainLoss = null,
    string? ArtifactPath = null,
    string? ArtifactSha256 = null)
{
    public RunKind Kind => RunKinds.Of(Config);

    /// <summary>A MUNIT job's iterations done (blocks x iterations per block, at most its steps); null for other runs.</summary>
    public int? JobIterations => Config?.Munit is { } munit ? Math.Min(munit.Steps, LastEpoch * munit.IterationsPerBlock) : null;

    /// <summary>
    /// Time left at the latest attempt's pace (its mean epoch time since it started, times the epochs left), counted
    /// from its latest epoch; null unless the run is running and this attempt has finished an epoch.
    /// </summary>
    public TimeSpan? Eta(int totalEpochs)
    {
        if (State != RunState.Running || AttemptStartedAt is not { } start || LastEpochAt is not { } last) return null;
        var done = LastEpoch - ResumedFromEpoch;
        if (done <= 0 || last < start) return null;
        return (last - start) / done * Math.Max(0, totalEpochs - LastEpoch);
    }

    public static RunSummary Planned(string runId, string label, RunConfig? config) =>
        new(runId, label, config, RunState.Pending, 0, 0, 0, null, null, null);
}

/// <summary>What the journal says about one sweep: its runs in plan order and when it started and finished.</summary>
public sealed record SweepSummary(
    string SweepId,
    string Name,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    ImmutableList<string> RunOrder,
    ImmutableDictionary<string, RunSummary> RunsById)
{
    public IEnumerable<RunSummary> Runs => RunOrder.Select(id => RunsById[id]);

    public int Count(RunState state) => RunsById.Values.Count(r => r.State == state);

    public static SweepSummary Empty(string sweepId) =>
        new(sweepId, "", null, null, ImmutableList<string>.Empty, ImmutableDictionary<string, RunSummary>.Empty);
}

/// <summary>
/// The pure fold from journal events to summaries, used by `journal` and `sweep status` alike. Reports that carry
/// a fencing token older than the run's latest attempt are stale and ignored, as the supervisor ignores them.
/// </summary>
public static class SweepProjection
{
    public static SweepSummary Fold(string sweepId, IEnumerable<ISweepEvent> events) =>
        events.Aggregate(SweepSummary.Empty(sweepId), Apply);

    public static SweepSummary Apply(SweepSummary state, ISweepEvent evt) => evt switch
    {
        SweepStarted e => Started(state, e),
        RunQueued e => Update(state, e.RunId, r => r with { State = RunState.Queued }),
        RunStarted e => Update(state, e.RunId, r => e.FencingToken < r.FencingToken ? r : r with
        {
            State = RunState.Running,
            Attempts = Math.Max(r.Attempts, e.Attempt),
            FencingToken = e.FencingToken,
            Node = e.Node,
            Device = e.Device,
            AttemptStartedAt = e.At,
            ResumedFromEpoch = e.ResumeFromEpoch,
            LastEpochAt = null,
        }),
        EpochCompleted e => Update(state, e.RunId, r => e.FencingToken < r.FencingToken ? r : r with
        {
            LastEpoch = e.Epoch,
            BestBalancedAccuracy = r.Kind == RunKind.Classifier ? Max(r.BestBalancedAccuracy, e.BalancedAccuracy) : null,
            ImagesPerSecond = e.ImagesPerSecond,
            LastEpochAt = e.At,
            LastTrainLoss = r.Kind == RunKind.BankJob ? null : e.TrainLoss,   // a bank block trains nothing
        }),
        CheckpointRejected => state,
        RunCompleted e => Update(state, e.RunId, r => e.FencingToken < r.FencingToken ? r : r.Kind == RunKind.Classifier
            ? r with
            {
                State = RunState.Completed,
                Result = e.Result,
                LastEpoch = e.Result.Epochs,
                BestBalancedAccuracy = Max(r.BestBalancedAccuracy, e.Result.BalancedAccuracy),
                LastError = null,
            }
            // A job's completion carries the engine's placeholder result (no classifier was evaluated): not kept.
            : r with { State = RunState.Completed, LastEpoch = e.Result.Epochs, LastError = null }),
        RunFailed e => Update(state, e.RunId, r => e.FencingToken < r.FencingToken ? r : r with
        {
            State = e.WillRetry ? RunState.Queued : RunState.Failed,
            LastError = e.Reason,
        }),
        // The RunQueued or RunFailed that follows sets the state; the stall says why.
        RunStalled e => Update(state, e.RunId, r => e.FencingToken < r.FencingToken ? r : r with { LastError = e.Reason }),
        // A fault of the machine waits out its backoff like a failed attempt; without a retry the RunFailed that follows ends the run.
        RunFaulted e => Update(state, e.RunId, r => e.FencingToken < r.FencingToken ? r : r with
        {
            State = e.WillRetry ? RunState.Queued : r.State,
            LastError = e.Reason,
        }),
        DependencyFailed e => Update(state, e.RunId, r => r with { State = RunState.Failed, LastError = e.Reason }),
        GeneratorRecorded e => Update(state, e.RunId, r => r with { ArtifactPath = e.Path, ArtifactSha256 = e.Sha256 }),
        BankRecorded e => Update(state, e.RunId, r => r with { ArtifactPath = e.Path, ArtifactSha256 = e.Sha256 }),
        // A failed run asked to run again: the sweep is open again until its SweepCompleted.
        RunRetryRequested e => Update(state with { CompletedAt = null }, e.RunId, r => r with { State = RunState.Queued }),
        SweepCompleted e => state with { CompletedAt = e.At },
        _ => state,
    };

    /// <summary>A relaunch persists SweepStarted again: known runs keep their state, new ones are added.</summary>
    private static SweepSummary Started(SweepSummary state, SweepStarted e)
    {
        var order = state.RunOrder.ToBuilder();
        var runs = state.RunsById.ToBuilder();
        foreach (var run in e.Runs)
        {
            if (runs.TryGetValue(run.RunId, out var known))
                runs[run.RunId] = known with { Label = run.Label, Config = run.Config };
            else
            {
                order.Add(run.RunId);
                runs[run.RunId] = RunSummary.Planned(run.RunId, run.Label, run.Config);
            }
        }
        return state with
        {
            Name = e.Name,
            StartedAt = state.StartedAt ?? e.At,
            CompletedAt = null,
            RunOrder = order.ToImmutable(),
            RunsById = runs.ToImmutable(),
        };
    }

    private static SweepSummary Update(SweepSummary state, string runId, Func<RunSummary, RunSummary> change)
    {
        if (state.RunsById.TryGetValue(runId, out var run))
            return state with { RunsById = state.RunsById.SetItem(runId, change(run)) };
        // An event for a run the plan does not list (a journal written by another version): keep it visible.
        return state with
        {
            RunOrder = state.RunOrder.Add(runId),
            RunsById = state.RunsById.Add(runId, change(RunSummary.Planned(runId, runId, null))),
        };
    }

    /// <summary>The larger accuracy, where a NaN (a diverged epoch) never hides a real value.</summary>
    private static double? Max(double? best, double value) =>
        double.IsNaN(value) ? best ?? value
        : best is { } b && !double.IsNaN(b) && b >= value ? b
        : value;
}
