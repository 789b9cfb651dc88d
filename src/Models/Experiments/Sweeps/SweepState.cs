using System.Collections.Immutable;
using System.Globalization;
using GitActors.Models.Experiments.Events;
using GitActors.Models.Experiments.Protocol;

namespace GitActors.Models.Experiments.Sweeps;

/// <summary>
/// A sweep's state, rebuilt from its events. Process decides which events a command produces (no side effects);
/// Apply folds one event in. The supervisor persists what Process returns and applies it, so replaying the journal
/// through Apply yields exactly the state the live actor had.
/// </summary>
public sealed record SweepState(
    string SweepId,
    string Name,
    bool Started,
    bool Finished,
    ImmutableList<string> RunOrder,
    ImmutableDictionary<string, RunSlot> Runs,
    ImmutableList<string> Queue,
    long LastFencingToken)
{
    public static SweepState Empty(string sweepId) =>
        new(sweepId, "", false, false, [], ImmutableDictionary<string, RunSlot>.Empty, [], 0);

    /// <summary>Recorded MUNIT generators by the run id of the job that made them.</summary>
    public ImmutableDictionary<string, GeneratorRef> Generators { get; init; } = ImmutableDictionary<string, GeneratorRef>.Empty;

    /// <summary>Recorded augmentation banks by the run id of the bank job that made them.</summary>
    public ImmutableDictionary<string, BankRef> Banks { get; init; } = ImmutableDictionary<string, BankRef>.Empty;

    /// <summary>The first queued run that may start: a run that names a MUNIT job only once its generator is recorded
    /// (a run that does not need it also once the job has ended for good without one), and a GIT run with the bank
    /// option only once its bank is too.</summary>
    public string? NextAssignable => Queue.FirstOrDefault(id => IsReady(Runs[id].Run));

    public bool HasAssignableRun => NextAssignable is not null;

    /// <summary>The generator a run gets with its assignment: its MUNIT job's, once recorded.</summary>
    public GeneratorRef? GeneratorFor(string runId) =>
        Runs.TryGetValue(runId, out var slot) && slot.Run.MunitJob is { } job && Generators.TryGetValue(job, out var generator) ? generator : null;

    /// <summary>The bank a run gets with its assignment: its bank job's, once recorded.</summary>
    public BankRef? BankFor(string runId) =>
        Runs.TryGetValue(runId, out var slot) && slot.Run.BankJob is { } job && Banks.TryGetValue(job, out var bank) ? bank : null;

    // A non-GIT run waits too, so whether it reports eKLD under T~ does not depend on the order runs were assigned in.
    private bool IsReady(PlannedRun run) =>
        (run.MunitJob is not { } job || Generators.ContainsKey(job) || (!run.NeedsGenerator() && EndedForGood(job)))
        && (!run.NeedsBank() || Banks.ContainsKey(run.BankJob!));

    /// <summary>A job that is final (or not in the plan) will not record anything unless a user retries it.</summary>
    private bool EndedForGood(string jobRunId) => !Runs.TryGetValue(jobRunId, out var job) || job.IsFinal;

    public IEnumerable<RunSlot> RunsInPlanOrder => RunOrder.Select(id => Runs[id]);

    public int CompletedCount => Runs.Values.Count(r => r.Phase == RunPhase.Completed);

    public int FailedCount => Runs.Values.Count(r => r.Phase == RunPhase.Failed);

    public bool AllRunsFinal => Started && Runs.Values.All(r => r.IsFinal);

    /// <summary>Tokens grow with every attempt of every run of the sweep, so any two attempts are ordered.</summary>
    public long NextFencingToken => LastFencingToken + 1;

    public bool IsCurrent(string runId, int attempt, long token) =>
        Runs.TryGetValue(runId, out var slot) && slot.IsCurrent(attempt, token);

    public IReadOnlyList<ISweepEvent> Process(ISweepCommand command, EngineSettings settings, DateTimeOffset now) => command switch
    {
        StartPlan c => Start(c, now),
        AssignNext c => Assign(c, now),
        RecordEpoch c => Epoch(c, now),
        RecordCheckpointRejected c => IsCurrent(c.RunId, c.Attempt, c.FencingToken)
            ? [new CheckpointRejected(SweepId, c.RunId, c.Epoch, c.CheckpointPath, c.Reason, now)]
            : [],
        RecordSuccess c => Success(c, now),
        RecordFailure c => Failure(c, settings, now),
        RecordInterruption c => Runs.TryGetValue(c.RunId, out var slot) && slot.Phase == RunPhase.Running && slot.FencingToken == c.FencingToken
            ? [new RunQueued(SweepId, c.RunId, now)]
            : [],
        RecordStall c => Stall(c, settings, now),
        RecordInfrastructureFault c => Fault(c, settings, now),
        RequeueAfterBackoff c => Runs.TryGetValue(c.RunId, out var slot) && slot.Phase == RunPhase.RetryWaiting
            ? [new RunQueued(SweepId, c.RunId, now)]
            : [],
        RecoverInterrupted => Recover(now),
        RequeueFailed => RetryableRuns
            .SelectMany(slot => new ISweepEvent[]
            {
                new RunRetryRequested(SweepId, slot.RunId, slot.Failures, slot.LastError, now), new RunQueued(SweepId, slot.RunId, now),
            })
            .ToList(),
        _ => throw new ArgumentException($"unknown sweep command {command.GetType().Name}", nameof(command)),
    };

    public SweepState Apply(ISweepEvent e) => e switch
    {
        SweepStarted s => this with
        {
            Name = s.Name,
            Started = true,
            RunOrder = s.Runs.Select(r => r.RunId).ToImmutableList(),
            Runs = s.Runs.ToImmutableDictionary(r => r.RunId, RunSlot.Planned),
            Queue = [],
        },
        RunQueued q => Update(q.RunId, slot => slot with { Phase = RunPhase.Queued }) with
        {
            Queue = Queue.Contains(q.RunId) ? Queue : Queue.Add(q.RunId),
        },
        RunStarted s => Update(s.RunId, slot => slot with
        {
            Phase = RunPhase.Running,
            Attempt = s.Attempt,
            FencingToken = s.FencingToken,
            Node = s.Node,
            Device = s.Device,
        }) with
        {
            Queue = Queue.Remove(s.RunId),
            LastFencingToken = Math.Max(LastFencingToken, s.FencingToken),
        },
        EpochCompleted c => IsCurrent(c.RunId, c.Attempt, c.FencingToken)
            ? Update(c.RunId, slot => slot with
            {
                CompletedEpochs = c.Epoch,
                Checkpoints = string.IsNullOrEmpty(c.CheckpointPath)
                    ? slot.Checkpoints
                    : slot.Checkpoints.RemoveAll(k => k.Epoch >= c.Epoch).Add(new CheckpointRef(c.Epoch, c.CheckpointPath, c.CheckpointSha256)),
            })
            : this,
        CheckpointRejected r => Update(r.RunId, slot => slot with
        {
            Checkpoints = slot.Checkpoints.RemoveAll(k => k.Epoch == r.Epoch && k.Path == r.CheckpointPath),
        }),
        RunCompleted c => IsCurrent(c.RunId, c.Attempt, c.FencingToken)
            ? Update(c.RunId, slot => slot with { Phase = RunPhase.Completed, Result = c.Result, LastError = null })
            : this,
        RunFailed f => IsCurrent(f.RunId, f.Attempt, f.FencingToken)
            ? Update(f.RunId, slot => slot with
            {
                Phase = f.WillRetry ? RunPhase.RetryWaiting : RunPhase.Failed,
                Failures = slot.Failures + 1,
                LastError = f.Reason,
            })
            : this,
        RunStalled s => IsCurrent(s.RunId, s.Attempt, s.FencingToken)
            ? Update(s.RunId, slot => slot with { Stalls = slot.Stalls + 1, LastError = s.Reason })
            : this,
        // Failures is left as it was: the machine failed, not the run. Without a retry the RunFailed that follows ends it.
        RunFaulted f => IsCurrent(f.RunId, f.Attempt, f.FencingToken)
            ? Update(f.RunId, slot => slot with
            {
                Phase = f.WillRetry ? RunPhase.RetryWaiting : slot.Phase,
                InfrastructureFaults = slot.InfrastructureFaults + 1,
                LastError = f.Reason,
            })
            : this,
        GeneratorRecorded g => this with { Generators = Generators.SetItem(g.RunId, new GeneratorRef(g.RunId, g.Path, g.Sha256)) },
        BankRecorded b => this with { Banks = Banks.SetItem(b.RunId, new BankRef(b.RunId, b.Path, b.Sha256)) },
        DependencyFailed d => Update(d.RunId, slot => slot.IsFinal ? slot : slot with { Phase = RunPhase.Failed, LastError = d.Reason }) with
        {
            Queue = Queue.Remove(d.RunId),
        },
        // The fresh budget; the RunQueued that follows puts it in the queue, and the sweep is open until it ends again.
        RunRetryRequested r => Update(r.RunId, slot => slot.Phase == RunPhase.Failed ? slot with { Failures = 0, Stalls = 0, InfrastructureFaults = 0 } : slot) with { Finished = false },
        SweepCompleted => this with { Finished = true },
        _ => this,
    };

    /// <summary>
    /// Runs that failed for good and may run again, in plan order: every failed run except a GIT run whose MUNIT job
    /// completed without a generator (nothing could ever start it). A GIT run whose job failed goes with its job.
    /// </summary>
    public IReadOnlyList<RunSlot> RetryableRuns => !Started
        ? []
        : RunsInPlanOrder
            .Where(r => r.Phase == RunPhase.Failed)
            .Where(r => !r.Run.NeedsGenerator() || Generators.ContainsKey(r.Run.MunitJob!)
                        || (Runs.TryGetValue(r.Run.MunitJob!, out var job) && job.Phase == RunPhase.Failed))
            .ToList();

    private IReadOnlyList<ISweepEvent> Start(StartPlan c, DateTimeOffset now)
    {
        if (Started) return [];
        if (c.Plan.SweepId != SweepId)
            throw new ArgumentException($"plan for sweep {c.Plan.SweepId} sent to sweep {SweepId}", nameof(c));
        var duplicate = c.Plan.Runs.GroupBy(r => r.RunId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"sweep {SweepId} lists run {duplicate.Key} more than once", nameof(c));
        var events = new List<ISweepEvent>
        {
            new SweepStarted(SweepId, c.Plan.Name, c.SpecPath, c.SpecText, c.Plan.Runs, now),
        };
        events.AddRange(c.Plan.Runs.Select(r => new RunQueued(SweepId, r.RunId, now)));
        if (c.Plan.Runs.Count == 0) events.Add(new SweepCompleted(SweepId, 0, 0, now));
        return events;
    }

    private IReadOnlyList<ISweepEvent> Assign(AssignNext c, DateTimeOffset now)
    {
        if (Finished || NextAssignable is not { } next) return [];
        var slot = Runs[next];
        var resumeFrom = slot.LatestCheckpoint?.Epoch ?? 0;
        return [new RunStarted(SweepId, slot.RunId, slot.Attempt + 1, NextFencingToken, c.Node, c.Device, resumeFrom, now)];
    }

    private IReadOnlyList<ISweepEvent> Epoch(RecordEpoch c, DateTimeOffset now)
    {
        if (!IsCurrent(c.RunId, c.Attempt, c.FencingToken)) return [];
        var s = c.Summary;
        return
        [
            new EpochCompleted(SweepId, c.RunId, c.Attempt, c.FencingToken, s.Epoch, s.TrainLoss, s.Lr, s.BalancedAccuracy,
                s.ImagesPerSecond, c.CheckpointPath, c.CheckpointSha256, now),
        ];
    }

    private IReadOnlyList<ISweepEvent> Failure(RecordFailure c, EngineSettings settings, DateTimeOffset now)
    {
        if (!IsCurrent(c.RunId, c.Attempt, c.FencingToken)) return [];
        var willRetry = Runs[c.RunId].Failures + 1 < settings.MaxAttempts;
        var failed = new RunFailed(SweepId, c.RunId, c.Attempt, c.FencingToken, c.Reason, willRetry, now);
        var label = Runs[c.RunId].Run.Label;
        return willRetry
            ? WithCompletion([failed], now)
            : WithCompletion([failed, .. FailDependents(c.RunId, $"{JobKind(c.RunId)} {label} ({c.RunId}) failed: {c.Reason}", now)], now);
    }

    /// <summary>
    /// A stall is not counted against max-attempts: it is as likely the machine's fault (a hung driver, a lost message)
    /// as the run's. Its own budget, max-stalls, keeps a run that hangs every time from being re-queued for ever. The run
    /// goes back to the queue at once (its trainer is replaced, so there is nothing to wait for) and resumes from its last
    /// recorded checkpoint like any re-queued run.
    /// </summary>
    private IReadOnlyList<ISweepEvent> Stall(RecordStall c, EngineSettings settings, DateTimeOffset now)
    {
        if (!IsCurrent(c.RunId, c.Attempt, c.FencingToken) || !c.Progress.HasPassed(settings, now)) return [];
        var slot = Runs[c.RunId];
        var p = c.Progress;
        var timeout = p.Timeout(settings);
        var reason = p.Reports == 0
            ? $"stalled: no progress report within {Show(timeout)} of the assignment"
            : $"stalled: no progress for {Show(timeout)} after epoch {p.Epoch}, step {p.Step} ({p.LastAt:u})";
        var willRetry = slot.Stalls + 1 < settings.MaxStalls;
        var stalled = new RunStalled(SweepId, c.RunId, c.Attempt, c.FencingToken, p.Epoch, p.Step, p.LastAt, p.Reports,
            timeout.TotalSeconds, reason, willRetry, now);
        if (willRetry) return [stalled, new RunQueued(SweepId, c.RunId, now)];
        var final = $"{reason}; {slot.Stalls + 1} stalls, the limit (engine.max-stalls)";
        var failed = new RunFailed(SweepId, c.RunId, c.Attempt, c.FencingToken, final, false, now);
        return WithCompletion([stalled, failed, .. FailDependents(c.RunId, $"MUNIT job {slot.Run.Label} ({c.RunId}) failed: {final}", now)], now);
    }

    /// <summary>
    /// A fault of the machine (disk full, permission denied, another I/O error while the attempt wrote or read its files)
    /// says nothing about the run, so it does not use up engine.max-attempts; engine.max-infra-retries keeps a machine
    /// that never recovers from re-queueing the run for ever. The run waits out its backoff like a failed one, then
    /// resumes from its last recorded checkpoint.
    /// </summary>
    private IReadOnlyList<ISweepEvent> Fault(RecordInfrastructureFault c, EngineSettings settings, DateTimeOffset now)
    {
        if (!IsCurrent(c.RunId, c.Attempt, c.FencingToken)) return [];
        var slot = Runs[c.RunId];
        var faults = slot.InfrastructureFaults + 1;
        var willRetry = faults <= settings.MaxInfrastructureRetries;
        var faulted = new RunFaulted(SweepId, c.RunId, c.Attempt, c.FencingToken, c.Reason, willRetry, now);
        if (willRetry) return [faulted];
        var final = $"{c.Reason}; infrastructure fault {faults}, over engine.max-infra-retries = {settings.MaxInfrastructureRetries}";
        var failed = new RunFailed(SweepId, c.RunId, c.Attempt, c.FencingToken, final, false, now);
        return WithCompletion([faulted, failed, .. FailDependents(c.RunId, $"{JobKind(c.RunId)} {slot.Run.Label} ({c.RunId}) failed: {final}", now)], now);
    }

    private static string Show(TimeSpan span) => span.TotalMinutes >= 1
        ? span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min"
        : span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    /// <summary>A MUNIT job's success records its generator first, a bank job's its bank, so the runs waiting for it can be assigned.</summary>
    private IReadOnlyList<ISweepEvent> Success(RecordSuccess c, DateTimeOffset now)
    {
        if (!IsCurrent(c.RunId, c.Attempt, c.FencingToken)) return [];
        var completed = new RunCompleted(SweepId, c.RunId, c.Attempt, c.FencingToken, c.Result, now);
        var run = Runs[c.RunId].Run;
        if (c.Generator is { } g)
            return WithCompletion([new GeneratorRecorded(SweepId, c.RunId, run.Config.Data, g.Path, g.Sha256, now), completed], now);
        if (c.Bank is { } b)
            return WithCompletion([new BankRecorded(SweepId, c.RunId, run.Config.Data, GeneratorFor(c.RunId)?.Sha256 ?? "", b.Path, b.Sha256, now), completed], now);
        return WithCompletion([completed, .. FailDependents(c.RunId, $"{JobKind(c.RunId)} {run.Label} ({c.RunId}) finished without recording {JobArtifact(c.RunId)}", now)], now);
    }

    /// <summary>Open runs that wait for this job's generator or bank can never start.</summary>
    private IEnumerable<ISweepEvent> FailDependents(string jobRunId, string reason, DateTimeOffset now) =>
        RunsInPlanOrder
            .Where(r => !r.IsFinal && DependsOn(r.Run, jobRunId))
            .Select(r => (ISweepEvent)new DependencyFailed(SweepId, r.RunId, jobRunId, reason, now));

    private static bool DependsOn(PlannedRun run, string jobRunId) =>
        (run.NeedsGenerator() && run.MunitJob == jobRunId) || (run.NeedsBank() && run.BankJob == jobRunId);

    private string JobKind(string runId) => Runs[runId].Run.Config.Bank is null ? "MUNIT job" : "bank job";

    private string JobArtifact(string runId) => Runs[runId].Run.Config.Bank is null ? "a generator" : "a bank";

    /// <summary>The run's final events, followed by SweepCompleted when they closed the last open run.</summary>
    private IReadOnlyList<ISweepEvent> WithCompletion(IReadOnlyList<ISweepEvent> runEvents, DateTimeOffset now)
    {
        var after = runEvents.Aggregate(this, (state, e) => state.Apply(e));
        return after.AllRunsFinal && !after.Finished
            ? [.. runEvents, new SweepCompleted(SweepId, after.CompletedCount, after.FailedCount, now)]
            : runEvents;
    }

    private IReadOnlyList<ISweepEvent> Recover(DateTimeOffset now)
    {
        if (!Started || Finished) return [];
        if (AllRunsFinal) return [new SweepCompleted(SweepId, CompletedCount, FailedCount, now)];
        // A crash between a job's final event and its dependents' DependencyFailed must not strand them.
        var stranded = RunsInPlanOrder
            .Where(r => !r.IsFinal)
            .Select(r => (Run: r, Job: StrandingJob(r.Run)))
            .Where(p => p.Job is not null)
            .Select(p => (ISweepEvent)new DependencyFailed(SweepId, p.Run.RunId, p.Job!,
                $"{JobKind(p.Job!)} {Runs[p.Job!].Run.Label} ({p.Job}) ended without {JobArtifact(p.Job!)}", now))
            .ToList();
        var requeued = RunsInPlanOrder
            .Where(r => r.Phase is RunPhase.Running or RunPhase.RetryWaiting)
            .Select(r => (ISweepEvent)new RunQueued(SweepId, r.RunId, now));
        return stranded.Count > 0 ? WithCompletion([.. stranded, .. requeued], now) : requeued.ToList();
    }

    /// <summary>The job a run waits for that ended without leaving what the run needs, if any.</summary>
    private string? StrandingJob(PlannedRun run)
    {
        if (run.NeedsGenerator() && !Generators.ContainsKey(run.MunitJob!) && Runs.TryGetValue(run.MunitJob!, out var munit) && munit.IsFinal)
            return run.MunitJob;
        if (run.NeedsBank() && !Banks.ContainsKey(run.BankJob!) && Runs.TryGetValue(run.BankJob!, out var bank) && bank.IsFinal)
            return run.BankJob;
        return null;
    }

    private SweepState Update(string runId, Func<RunSlot, RunSlot> change) =>
        Runs.TryGetValue(runId, out var slot) ? this with { Runs = Runs.SetItem(runId, change(slot)) } : this;

    /// <summary>Exponential backoff before the next attempt: base, 2x base, 4x base... after the 1st, 2nd, 3rd failure.</summary>
    public static TimeSpan Backoff(EngineSettings settings, int failures) => Doubling(settings.RetryBackoff, failures);

    /// <summary>The same doubling after a run's 1st, 2nd, 3rd... fault of the machine, from engine.infra-retry-backoff.</summary>
    public static TimeSpan InfrastructureBackoff(EngineSettings settings, int faults) => Doubling(settings.InfraRetryBackoff, faults);

    /// <summary>Doubling per count, growing no longer than an hour (or the first wait, if longer): a machine that recovers
    /// is tried again within the hour, and a large budget (max-attempts = 1000) cannot overflow TimeSpan.</summary>
    private static TimeSpan Doubling(TimeSpan first, int count)
    {
        var ticks = first.Ticks * Math.Pow(2, Math.Clamp(count - 1, 0, 62));
        return TimeSpan.FromTicks((long)Math.Min(ticks, Math.Max(first.Ticks, TimeSpan.TicksPerHour)));
    }
}
