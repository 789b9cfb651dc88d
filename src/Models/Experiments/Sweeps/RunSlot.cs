using System.Collections.Immutable;
using GitActors.Models.Experiments.Events;
using GitActors.Models.Training;

namespace GitActors.Models.Experiments.Sweeps;

public enum RunPhase { Queued, Running, RetryWaiting, Completed, Failed }

/// <summary>A checkpoint file a run wrote after an epoch, with the SHA-256 recorded in its EpochCompleted event.</summary>
public sealed record CheckpointRef(int Epoch, string Path, string Sha256);

/// <summary>
/// One run as the sweep sees it. Attempt and FencingToken describe the latest attempt (0 before the first);
/// Failures counts failed attempts only: interruptions (a lost trainer, a crashed process) do not use up retries.
/// Stalls counts attempts that passed their progress deadline; they have their own budget (engine.max-stalls).
/// InfrastructureFaults counts attempts ended by a fault of the machine (disk full, permissions); their budget is
/// engine.max-infra-retries.
/// </summary>
public sealed record RunSlot(
    PlannedRun Run,
    RunPhase Phase,
    int Attempt,
    int Failures,
    long FencingToken,
    int CompletedEpochs,
    ImmutableList<CheckpointRef> Checkpoints,
    string? Node,
    string? Device,
    string? LastError,
    RunResult? Result)
{
    public static RunSlot Planned(PlannedRun run) =>
        new(run, RunPhase.Queued, 0, 0, 0, 0, [], null, null, null, null);

    public int Stalls { get; init; }

    public int InfrastructureFaults { get; init; }

    public string RunId => Run.RunId;

    public bool IsFinal => Phase is RunPhase.Completed or RunPhase.Failed;

    /// <summary>Checkpoints newest first: the order a resume tries them in.</summary>
    public IReadOnlyList<CheckpointRef> ResumeCandidates => Checkpoints.Reverse().ToList();

    public CheckpointRef? LatestCheckpoint => Checkpoints.IsEmpty ? null : Checkpoints[^1];

    /// <summary>Reports count only from the attempt that is running now; anything else is a stale attempt's echo.</summary>
    public bool IsCurrent(int attempt, long token) => Phase == RunPhase.Running && Attempt == attempt && FencingToken == token;
}
