namespace GitActors.Actors.Sweeps;

// The sweep supervisor's conversations. Trainers pull work and every assignment carries (SweepId, RunId, Attempt,
// FencingToken); every report a trainer sends back echoes all four, the coordinator routes it to its sweep's supervisor
// (a run id and a token can recur in another sweep), and the supervisor drops a report whose token
// is not the run's current one (answering AttemptSuperseded), so a late message from a stale attempt (a slow node,
// a partition healed after the run was reassigned) can never overwrite the journal.

/// <summary>A report about one attempt of one run.</summary>
public interface IAttemptReport
{
    string SweepId { get; }
    string RunId { get; }
    int Attempt { get; }
    long FencingToken { get; }
}

// ---- launching and watching a sweep ----

/// <summary>Launch the plan. Idempotent: for a sweep already in the journal it only acknowledges, and recovery resumes it.</summary>
public sealed record StartSweep(SweepPlan Plan, string SpecPath = "", string SpecText = "");

public sealed record SweepStartAcknowledged(string SweepId, bool AlreadyStarted, bool AlreadyFinished);

/// <summary>Queue the runs that failed for good again, with a fresh attempt budget (`sweep retry-failed`); answered with FailedRunsRequeued.</summary>
public sealed record RetryFailedRuns
{
    public static RetryFailedRuns Instance { get; } = new();
}

/// <summary>The runs RetryFailedRuns queued again (their ids and labels, in plan order); empty when none had failed.</summary>
public sealed record FailedRunsRequeued(string SweepId, IReadOnlyList<string> RunIds, IReadOnlyList<string> Labels);

public sealed record GetSweepStatus
{
    public static GetSweepStatus Instance { get; } = new();
}

public sealed record RunStatus(
    string RunId, string Label, RunPhase Phase, int Attempt, int Failures, int CompletedEpochs, int TotalEpochs, string? LastError);

public sealed record SweepStatus(string SweepId, string Name, bool Started, bool Finished, IReadOnlyList<RunStatus> Runs)
{
    public int Count(RunPhase phase) => Runs.Count(r => r.Phase == phase);
}

/// <summary>Live progress goes to subscribers: SweepProgress on every change, SweepFinished once at the end.</summary>
public sealed record SubscribeProgress(IActorRef Subscriber);

public sealed record UnsubscribeProgress(IActorRef Subscriber);

/// <summary>What one trainer is doing right now; Eta is the time left for the current run at the current rate.</summary>
public sealed record TrainerProgress(
    string SweepId, string Node, string Device, string RunId, string Label, int Attempt, long FencingToken,
    int Epoch, int TotalEpochs, int Step, int StepsPerEpoch, double ImagesPerSecond, TimeSpan? Eta) : IAttemptReport;

public sealed record SweepProgress(
    string SweepId, string Name, int Total, int Queued, int Running, int Completed, int Failed,
    IReadOnlyList<TrainerProgress> Trainers);

public sealed record SweepFinished(SweepStatus Status);

/// <summary>
/// Published on the local event stream when a sweep's journal fails a write or a recovery: the supervisor stops right
/// after (what it decided may not be recorded, so only a fresh recovery may go on). Local runs end on it with a clear
/// line; in a cluster the coordinator starts the supervisor again, which recovers once the journal is back.
/// </summary>
public sealed record SweepJournalFailed(string SweepId, string Reason);

// ---- trainers: registration and pulling work ----

/// <summary>A trainer offers itself; registration counts as a request for work.</summary>
public sealed record RegisterTrainer(IActorRef Trainer, string Node, string Device);

public sealed record TrainerRegistered(string SweepId);

/// <summary>Sent by an idle trainer (the sender); it names itself so a supervisor that restarted can still use it.</summary>
public sealed record RequestWork(string Node, string Device);

/// <summary>
/// The supervisor gave up on this trainer (its attempt stalled): sent to the trainer's parent, the device manager, which
/// starts a fresh trainer for the slot on a new thread. The stuck one cannot be interrupted inside native code; it is
/// stopped, which takes effect if its thread ever returns, and its late reports fail the fencing check.
/// </summary>
public sealed record RetireTrainer(IActorRef Trainer, string Reason);

/// <summary>A device manager retired this trainer: whoever pools trainers (registrar, coordinator, supervisor) forgets it.</summary>
public sealed record TrainerRetired(IActorRef Trainer);

/// <summary>
/// One attempt of one run. Checkpoints are the run's recorded checkpoints newest first: the trainer resumes from the
/// first whose hash verifies and reports the others as rejected. Generator is the recorded MUNIT generator of the run's
/// data (always present for a GIT run and a bank job; for others when their variant's job already finished); Bank the
/// recorded augmentation bank of a GIT run with the bank option.
/// </summary>
public sealed record WorkAssigned(
    string SweepId, PlannedRun Run, int Attempt, long FencingToken, IReadOnlyList<CheckpointRef> Checkpoints,
    GeneratorRef? Generator = null, BankRef? Bank = null) : IAttemptReport
{
    public string RunId => Run.RunId;

    /// <summary>The epoch the latest checkpoint finished (0: fresh start), i.e. RunStarted.ResumeFromEpoch.</summary>
    public int ResumeFromEpoch => Checkpoints.Count == 0 ? 0 : Checkpoints[0].Epoch;
}

/// <summary>The supervisor no longer counts this attempt (it was reassigned or the run ended): drop it.</summary>
public sealed record AttemptSuperseded(string SweepId, string RunId, int Attempt, long FencingToken) : IAttemptReport;

// ---- trainer reports ----

/// <summary>An epoch ended; its checkpoint is already on disk (written atomically) with this hash.</summary>
public sealed record EpochReport(
    string SweepId, string RunId, int Attempt, long FencingToken, EpochSummary Summary, string CheckpointPath, string CheckpointSha256) : IAttemptReport;

public sealed record CheckpointRejectedReport(
    string SweepId, string RunId, int Attempt, long FencingToken, int Epoch, string CheckpointPath, string Reason) : IAttemptReport;

/// <summary>The attempt finished; a MUNIT job names the generator file it wrote (atomically, with its hash), a bank job the bank.</summary>
public sealed record RunSucceeded(
    string SweepId, string RunId, int Attempt, long FencingToken, RunResult Result, GeneratorRef? Generator = null, BankRef? Bank = null) : IAttemptReport;

/// <summary>The attempt failed (NaN loss, an exception); the supervisor retries or records the final failure.</summary>
public sealed record RunErrored(string SweepId, string RunId, int Attempt, long FencingToken, string Reason) : IAttemptReport;

/// <summary>The attempt ended on a fault of the machine (disk full, permission denied, another I/O error), not of the
/// run: retried on its own budget (engine.max-infra-retries), not counted against engine.max-attempts.</summary>
public sealed record AttemptFaulted(string SweepId, string RunId, int Attempt, long FencingToken, string Reason) : IAttemptReport;

/// <summary>The trainer gave the attempt up without a verdict (stopping, busy): queue the run again, no failure counted.</summary>
public sealed record AttemptAbandoned(string SweepId, string RunId, int Attempt, long FencingToken, string Reason) : IAttemptReport;
