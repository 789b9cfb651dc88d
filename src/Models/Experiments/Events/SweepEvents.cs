using GitActors.Models;
using GitActors.Models.Training;

namespace GitActors.Models.Experiments.Events;

// The journal's vocabulary. The journal stores each as its own persisted record under a short versioned manifest
// (GitActors.Actors.Journal.Schema, EventManifests); a field added here is stored only once a new manifest version maps it.

/// <summary>A sweep was launched: its name, the spec text as given, and the expanded runs in queue order.</summary>
public sealed record SweepStarted(string SweepId, string Name, string SpecPath, string SpecText, IReadOnlyList<PlannedRun> Runs, DateTimeOffset At) : ISweepEvent;

/// <summary>
/// One expanded run of a sweep: its stable id, a readable label and the full config. MunitJob names the run id of the
/// MUNIT job of the run's dataset variant and ordering, when the sweep has one: every run that names it waits for that
/// job's generator, so its results do not depend on scheduling. A GIT run (and a bank job) needs it and fails with the
/// job; any other run only evaluates eKLD under T~ with it, and runs without that once the job has ended for good
/// without one. BankJob names the augmentation bank job a GIT run with the bank option waits for as well.
/// </summary>
public sealed record PlannedRun(string RunId, string Label, RunConfig Config, string? MunitJob = null, string? BankJob = null)
{
    /// <summary>Whether the run cannot run at all without its MUNIT job's generator (a method: properties are journalled).</summary>
    public bool NeedsGenerator() => MunitJob is not null && (Config.Augment.Kind == AugmentKind.Git || Config.Bank is not null);

    /// <summary>Whether the run may not start before its bank job's bank is recorded.</summary>
    public bool NeedsBank() => BankJob is not null;
}

public sealed record RunQueued(string SweepId, string RunId, DateTimeOffset At) : IRunEvent;

/// <summary>An attempt began on a node and device; FencingToken orders attempts so stale reports are ignored.</summary>
public sealed record RunStarted(string SweepId, string RunId, int Attempt, long FencingToken, string Node, string Device, int ResumeFromEpoch, DateTimeOffset At) : IRunEvent;

/// <summary>An epoch finished and its checkpoint was written atomically before this event was persisted.</summary>
public sealed record EpochCompleted(
    string SweepId, string RunId, int Attempt, long FencingToken,
    int Epoch, double TrainLoss, double Lr, double BalancedAccuracy, double ImagesPerSecond,
    string CheckpointPath, string CheckpointSha256, DateTimeOffset At) : IRunEvent;

/// <summary>A recorded checkpoint failed verification on resume and an earlier one was used instead.</summary>
public sealed record CheckpointRejected(string SweepId, string RunId, int Epoch, string CheckpointPath, string Reason, DateTimeOffset At) : IRunEvent;

public sealed record RunCompleted(string SweepId, string RunId, int Attempt, long FencingToken, RunResult Result, DateTimeOffset At) : IRunEvent;

/// <summary>An attempt failed; WillRetry says whether the supervisor queued it again.</summary>
public sealed record RunFailed(string SweepId, string RunId, int Attempt, long FencingToken, string Reason, bool WillRetry, DateTimeOffset At) : IRunEvent;

/// <summary>
/// An attempt made no progress before its deadline (engine.stall-timeout): its trainer is retired and the run re-queued
/// from its last good checkpoint (WillRetry), or failed for good once engine.max-stalls is reached. LastEpoch, LastStep and
/// LastProgressAt are the last progress the attempt reported (ProgressReports = 0: none, and LastProgressAt is the
/// assignment); TimeoutSeconds is the deadline that passed.
/// </summary>
public sealed record RunStalled(
    string SweepId, string RunId, int Attempt, long FencingToken,
    int LastEpoch, int LastStep, DateTimeOffset LastProgressAt, int ProgressReports, double TimeoutSeconds,
    string Reason, bool WillRetry, DateTimeOffset At) : IRunEvent;

/// <summary>
/// An attempt ended on a fault of the machine, not of the run (disk full, permission denied, another I/O error while
/// it wrote or read its files): it does not count against engine.max-attempts. WillRetry: the run waits out
/// engine.infra-retry-backoff and is queued again; otherwise engine.max-infra-retries is used up and a RunFailed follows.
/// </summary>
public sealed record RunFaulted(string SweepId, string RunId, int Attempt, long FencingToken, string Reason, bool WillRetry, DateTimeOffset At) : IRunEvent;

/// <summary>A MUNIT job's generator was written atomically at Path with this SHA-256; GIT runs of its data may start.</summary>
public sealed record GeneratorRecorded(string SweepId, string RunId, DataSpec Data, string Path, string Sha256, DateTimeOffset At) : IRunEvent;

/// <summary>
/// A bank job's augmentation bank was written atomically at Path with this SHA-256, from the generator with
/// GeneratorSha256; the GIT runs that read it may start.
/// </summary>
public sealed record BankRecorded(string SweepId, string RunId, DataSpec Data, string GeneratorSha256, string Path, string Sha256, DateTimeOffset At) : IRunEvent;

/// <summary>The run can never start: the job it depends on (DependencyRunId) failed for good.</summary>
public sealed record DependencyFailed(string SweepId, string RunId, string DependencyRunId, string Reason, DateTimeOffset At) : IRunEvent;

/// <summary>
/// A user asked to run a run that had failed for good again (`sweep retry-failed`, after fixing the cause): it gets a
/// fresh budget of engine.max-attempts and keeps its checkpoints. PreviousFailures and PreviousError are what it had
/// used up and why, kept for the record. A RunQueued follows in the same write.
/// </summary>
public sealed record RunRetryRequested(string SweepId, string RunId, int PreviousFailures, string? PreviousError, DateTimeOffset At) : IRunEvent;

public sealed record SweepCompleted(string SweepId, int Completed, int Failed, DateTimeOffset At) : ISweepEvent;
