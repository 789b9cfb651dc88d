using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Training;

namespace GitActors.Models.Experiments.Sweeps;

// The decisions SweepState.Process can take. They carry no actor references, so the rules stay pure and testable;
// the supervisor translates its protocol (SupervisorMessages) into these.

public interface ISweepCommand;

/// <summary>Launch the plan, or do nothing when the sweep already exists (a relaunch resumes instead).</summary>
public sealed record StartPlan(SweepPlan Plan, string SpecPath, string SpecText) : ISweepCommand;

/// <summary>A free trainer asks for work: the head of the queue starts a new attempt with a fresh fencing token.</summary>
public sealed record AssignNext(string Node, string Device) : ISweepCommand;

public sealed record RecordEpoch(
    string RunId, int Attempt, long FencingToken, EpochSummary Summary,
    string CheckpointPath, string CheckpointSha256) : ISweepCommand;

public sealed record RecordCheckpointRejected(
    string RunId, int Attempt, long FencingToken, int Epoch, string CheckpointPath, string Reason) : ISweepCommand;

/// <summary>A run succeeded; a MUNIT job's success carries the generator it wrote, a bank job's the bank.</summary>
public sealed record RecordSuccess(
    string RunId, int Attempt, long FencingToken, RunResult Result, GeneratorRef? Generator = null, BankRef? Bank = null) : ISweepCommand;

public sealed record RecordFailure(string RunId, int Attempt, long FencingToken, string Reason) : ISweepCommand;

/// <summary>An attempt ended without a verdict (trainer stopped or lost): queue it again, not counted as a failure.</summary>
public sealed record RecordInterruption(string RunId, long FencingToken) : ISweepCommand;

/// <summary>The supervisor's stall timer fired for this attempt, whose progress so far is Progress: if its deadline has
/// passed, the attempt is recorded as stalled and the run re-queued (or failed for good at engine.max-stalls).</summary>
public sealed record RecordStall(string RunId, int Attempt, long FencingToken, ProgressDeadline Progress) : ISweepCommand;

/// <summary>An attempt ended on a fault of the machine: the run is retried after engine.infra-retry-backoff, or failed
/// for good past engine.max-infra-retries; its attempt budget (engine.max-attempts) is left as it was.</summary>
public sealed record RecordInfrastructureFault(string RunId, int Attempt, long FencingToken, string Reason) : ISweepCommand;

/// <summary>A failed or faulted run's backoff elapsed: it joins the queue again.</summary>
public sealed record RequeueAfterBackoff(string RunId) : ISweepCommand;

/// <summary>A user fixed the cause of the failures (`sweep retry-failed`): runs that failed for good are queued again
/// with a fresh attempt budget, and a finished sweep is open again until they end.</summary>
public sealed record RequeueFailed : ISweepCommand;

/// <summary>After journal replay: attempts that were running (or waiting to retry) when the process died are queued
/// again and resume from their last checkpoint; a sweep whose runs are all final but lacks SweepCompleted gets it.</summary>
public sealed record RecoverInterrupted : ISweepCommand;
