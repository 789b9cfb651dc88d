using Akka.Event;
using Akka.Persistence;
using GitActors.Actors.Journal;
using GitActors.Models.Experiments.Faults;

namespace GitActors.Actors.Sweeps;

/// <summary>
/// One per sweep, event-sourced. It turns trainer messages into SweepState commands, persists the events the state
/// decides on, and only then acts on them (hands out work, schedules a retry, announces the end). Trainers are
/// ephemeral bookkeeping, not state: after a restart they register again and the journal says what is left to do.
/// Each attempt has a progress deadline (ProgressDeadline, engine.stall-timeout), moved on by every report of the
/// attempt; when it passes, the stall is journalled, the trainer retired (its device manager starts a fresh one) and
/// the run re-queued.
/// </summary>
public sealed class SweepSupervisor : ReceivePersistentActor, IWithTimers
{
    private sealed record TrainerInfo(string Node, string Device);

    private sealed record Assignment(string RunId, int Attempt, long FencingToken, ProgressDeadline Progress);

    private sealed record RetryDue(string RunId);

    private sealed record StallDue(long FencingToken);

    private sealed record StopFinished
    {
        public static StopFinished Instance { get; } = new();
    }

    private readonly EngineSettings _settings;
    private readonly IFaultPoints _faults;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<IActorRef, TrainerInfo> _trainers = [];
    private readonly List<IActorRef> _idle = [];
    private readonly Dictionary<IActorRef, Assignment> _busy = [];
    private readonly Dictionary<IActorRef, TrainerProgress> _progress = [];
    private readonly HashSet<IActorRef> _subscribers = [];
    // Trainers given up on after a stall: a stuck thread may still wake up and ask for work; it never gets any.
    private readonly HashSet<IActorRef> _retired = [];
    private SweepState _state;
    private bool _assigning;

    /// <param name="faults">The test seam for fault points (between a sweep's last run event and SweepCompleted); none by default.</param>
    public SweepSupervisor(string sweepId, EngineSettings settings, IFaultPoints? faults = null)
    {
        _settings = settings;
        _faults = faults ?? NoFaultPoints.Instance;
        _state = SweepState.Empty(sweepId);
        PersistenceId = JournalNames.SweepPersistenceId(sweepId);

        Recover<ISweepEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<StartSweep>(Start);
        Command<RetryFailedRuns>(_ => RetryFailed());
        Command<GetSweepStatus>(_ => Sender.Tell(Status()));
        Command<SubscribeProgress>(Subscribe);
        Command<UnsubscribeProgress>(m => { _subscribers.Remove(m.Subscriber); Context.Unwatch(m.Subscriber); });
        Command<RegisterTrainer>(m => Register(m.Trainer, m.Node, m.Device, reply: true));
        Command<RequestWork>(m => Register(Sender, m.Node, m.Device, reply: false));
        Command<TrainerProgress>(OnProgress);
        Command<EpochReport>(m => OnReport(m, new RecordEpoch(m.RunId, m.Attempt, m.FencingToken, m.Summary, m.CheckpointPath, m.CheckpointSha256)));
        Command<CheckpointRejectedReport>(m => OnReport(m, new RecordCheckpointRejected(m.RunId, m.Attempt, m.FencingToken, m.Epoch, m.CheckpointPath, m.Reason)));
        Command<RunSucceeded>(m => OnReport(m, new RecordSuccess(m.RunId, m.Attempt, m.FencingToken, m.Result, m.Generator, m.Bank), endsAttempt: true));
        Command<RunErrored>(m => OnReport(m, new RecordFailure(m.RunId, m.Attempt, m.FencingToken, m.Reason), endsAttempt: true));
        Command<AttemptFaulted>(m => OnReport(m, new RecordInfrastructureFault(m.RunId, m.Attempt, m.FencingToken, m.Reason), endsAttempt: true));
        Command<AttemptAbandoned>(m => OnReport(m, new RecordInterruption(m.RunId, m.FencingToken), endsAttempt: true));
        Command<RetryDue>(m => Decide(new RequeueAfterBackoff(m.RunId)));
        Command<StallDue>(OnStallDue);
        Command<TrainerRetired>(m => Retire(m.Trainer));
        Command<StopFinished>(_ => Context.Stop(Self));
        Command<Terminated>(m => OnTerminated(m.ActorRef));
    }

    public static Props Props(string sweepId, EngineSettings settings, IFaultPoints? faults = null) =>
        Akka.Actor.Props.Create(() => new SweepSupervisor(sweepId, settings, faults));

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        AnnounceJournalFailure($"writing {@event.GetType().Name} failed: {cause.GetBaseException().Message}");
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>A refused event is a decision that is not recorded: acting on it could break exactly-once, so stop
    /// (Akka's default only logs) and let the next recovery continue from what the journal holds.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        AnnounceJournalFailure($"the journal refused {@event.GetType().Name}: {cause.GetBaseException().Message}");
        base.OnPersistRejected(cause, @event, sequenceNr);
        Context.Stop(Self);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        AnnounceJournalFailure($"reading the journal failed: {reason.GetBaseException().Message}");
        base.OnRecoveryFailure(reason, message);
    }

    private void AnnounceJournalFailure(string reason)
    {
        _log.Error("sweep {0}: {1}; the supervisor stops", _state.SweepId, reason);
        // The event stream, not the subscribers: a recovery that fails has none yet (their SubscribeProgress is stashed).
        Context.System.EventStream.Publish(new SweepJournalFailed(_state.SweepId, reason));
    }

    private void OnRecovered()
    {
        if (_state.Started)
            _log.Info("sweep {0} recovered: {1} completed, {2} failed of {3}", _state.SweepId, _state.CompletedCount, _state.FailedCount, _state.Runs.Count);
        Decide(new RecoverInterrupted());
    }

    private void Start(StartSweep m)
    {
        var (wasStarted, wasFinished) = (_state.Started, _state.Finished);
        var sender = Sender;
        if (m.Plan.SweepId != _state.SweepId)
        {
            sender.Tell(new Status.Failure(new ArgumentException($"plan for sweep {m.Plan.SweepId} sent to the supervisor of sweep {_state.SweepId}")));
            return;
        }
        Decide(new StartPlan(m.Plan, m.SpecPath, m.SpecText),
            () => sender.Tell(new SweepStartAcknowledged(_state.SweepId, wasStarted, wasFinished)));
    }

    private void RetryFailed()
    {
        var sender = Sender;
        var retried = _state.RetryableRuns;
        Decide(new RequeueFailed(), () => sender.Tell(new FailedRunsRequeued(_state.SweepId,
            retried.Select(r => r.RunId).ToList(), retried.Select(r => r.Run.Label).ToList())));
    }

    private void Subscribe(SubscribeProgress m)
    {
        _subscribers.Add(m.Subscriber);
        Context.Watch(m.Subscriber);
        m.Subscriber.Tell(Progress());
        if (_state.Finished) m.Subscriber.Tell(new SweepFinished(Status()));
    }

    /// <summary>The supervisor's clock: the scheduler's, so tests on Akka's TestScheduler move deadlines and events together.</summary>
    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private void Register(IActorRef trainer, string node, string device, bool reply)
    {
        if (_retired.Contains(trainer))
        {
            _log.Warning("ignoring {0} from retired trainer {1}", reply ? "a registration" : "a work request", trainer.Path);
            return;
        }
        if (_trainers.TryAdd(trainer, new TrainerInfo(node, device))) Context.Watch(trainer);
        // A trainer asking for work while we think it is busy lost its attempt (it restarted, or our WorkAssigned never
        // reached it: idle trainers repeat their request, see Trainer): queue the run again.
        if (EndAssignment(trainer) is { } lost)
            Decide(new RecordInterruption(lost.RunId, lost.FencingToken));
        _progress.Remove(trainer);
        if (!_idle.Contains(trainer)) _idle.Add(trainer);
        if (reply) trainer.Tell(new TrainerRegistered(_state.SweepId));
        AssignWork();
    }

    private void OnProgress(TrainerProgress m)
    {
        // A stale attempt learns it was superseded within a chunk instead of at its next epoch end (matters when
        // a new coordinator re-queued the runs that were running while it took over).
        if (m.SweepId != _state.SweepId || !_state.IsCurrent(m.RunId, m.Attempt, m.FencingToken))
        {
            Sender.Tell(new AttemptSuperseded(m.SweepId, m.RunId, m.Attempt, m.FencingToken));
            return;
        }
        _progress[Sender] = m;
        Observe(Sender, m.FencingToken, m.Epoch, m.Step);
        Publish();
    }

    private void OnReport(IAttemptReport report, ISweepCommand command, bool endsAttempt = false)
    {
        if (report.SweepId != _state.SweepId || !_state.IsCurrent(report.RunId, report.Attempt, report.FencingToken))
        {
            _log.Warning("ignoring {0} for run {1}: attempt {2} token {3} is not current", report.GetType().Name, report.RunId, report.Attempt, report.FencingToken);
            Sender.Tell(new AttemptSuperseded(report.SweepId, report.RunId, report.Attempt, report.FencingToken));
            return;
        }
        if (endsAttempt)
        {
            EndAssignment(Sender);
            _progress.Remove(Sender);
        }
        else if (report is EpochReport epoch)
            Observe(Sender, epoch.FencingToken, epoch.Summary.Epoch, epoch.Summary.Steps);
        else if (_busy.TryGetValue(Sender, out var current))
            Observe(Sender, report.FencingToken, current.Progress.Epoch, current.Progress.Step);
        Decide(command);
    }

    private void OnTerminated(IActorRef actor)
    {
        _subscribers.Remove(actor);
        _trainers.Remove(actor);
        _idle.Remove(actor);
        _progress.Remove(actor);
        if (EndAssignment(actor) is { } lost)
        {
            _log.Warning("trainer {0} stopped during run {1}; queueing it again", actor.Path, lost.RunId);
            Decide(new RecordInterruption(lost.RunId, lost.FencingToken));
        }
    }

    /// <summary>Pairs the first idle trainer with the head of the queue, one assignment at a time so the state is
    /// always up to date (the next one starts from the persist handler of the previous).</summary>
    private void AssignWork()
    {
        if (_assigning || _idle.Count == 0 || !_state.HasAssignableRun || _state.Finished) return;
        var trainer = _idle[0];
        var info = _trainers[trainer];
        _assigning = true;
        Decide(new AssignNext(info.Node, info.Device), () =>
        {
            _assigning = false;
            AssignWork();
        }, onStarted: started =>
        {
            _idle.Remove(trainer);
            var slot = _state.Runs[started.RunId];
            var assignment = _busy[trainer] = new Assignment(started.RunId, started.Attempt, started.FencingToken, ProgressDeadline.Begin(Now));
            ArmStallTimer(assignment);
            trainer.Tell(new WorkAssigned(_state.SweepId, slot.Run, started.Attempt, started.FencingToken, slot.ResumeCandidates,
                _state.GeneratorFor(started.RunId), _state.BankFor(started.RunId)));
        });
    }

    private void Decide(ISweepCommand command, Action? then = null, Action<RunStarted>? onStarted = null)
    {
        IReadOnlyList<ISweepEvent> events;
        try
        {
            events = _state.Process(command, _settings, Now);
        }
        catch (ArgumentException e)
        {
            _log.Error(e, "rejected {0}", command.GetType().Name);
            Sender.Tell(new Status.Failure(e));
            _assigning = false;
            return;
        }
        if (events.Count == 0)
        {
            then?.Invoke();
            return;
        }
        // SweepCompleted after the run events that closed the sweep goes in a write of its own: a crash between the two
        // leaves a journal whose recovery records SweepCompleted (RecoverInterrupted), and that gap is a named fault point.
        var closing = events.Count > 1 && events[^1] is SweepCompleted last ? last : null;
        var head = closing is null ? events : events.Take(events.Count - 1).ToList();
        var remaining = head.Count;
        PersistAll(head, e =>
        {
            _state = _state.Apply(e);
            React(e);
            if (e is RunStarted started) onStarted?.Invoke(started);
            if (--remaining > 0) return;
            if (closing is null)
            {
                AfterDecision(e, then);
                return;
            }
            _faults.Reached(new FaultPoint(FaultPointKind.SweepCompleting));
            Persist(closing, c =>
            {
                _state = _state.Apply(c);
                AfterDecision(c, then);
            });
        });
    }

    /// <summary>After the last event of a decision is applied: its continuation, progress, and the sweep's end.</summary>
    private void AfterDecision(ISweepEvent last, Action? then)
    {
        then?.Invoke();
        Publish();
        if (last is SweepCompleted) Finish();
    }

    /// <summary>Side effects of an event, run once it is safely in the journal.</summary>
    private void React(ISweepEvent e)
    {
        switch (e)
        {
            case RunFailed { WillRetry: true } f:
                var delay = SweepState.Backoff(_settings, _state.Runs[f.RunId].Failures);
                _log.Warning("run {0} attempt {1} failed ({2}); retrying in {3}", f.RunId, f.Attempt, f.Reason, delay);
                Timers.StartSingleTimer("retry-" + f.RunId, new RetryDue(f.RunId), delay);
                break;
            case RunFailed f:
                _log.Error("run {0} failed for good after attempt {1}: {2}", f.RunId, f.Attempt, f.Reason);
                AssignWork();   // a MUNIT job that ended for good frees the non-GIT runs that waited for its generator
                break;
            case RunFaulted { WillRetry: true } f:
                var wait = SweepState.InfrastructureBackoff(_settings, _state.Runs[f.RunId].InfrastructureFaults);
                _log.Warning("run {0} attempt {1} hit a fault of the machine ({2}), not counted as a failure; retrying in {3}",
                    f.RunId, f.Attempt, f.Reason, wait);
                Timers.StartSingleTimer("retry-" + f.RunId, new RetryDue(f.RunId), wait);
                break;
            case RunStalled s:
                _log.Warning("run {0} attempt {1} {2}; retiring its trainer", s.RunId, s.Attempt, s.Reason);
                if (_busy.FirstOrDefault(pair => pair.Value.FencingToken == s.FencingToken).Key is { } stuck)
                {
                    EndAssignment(stuck);   // this decision already re-queues (or fails) the run
                    Retire(stuck);
                    // It cannot be interrupted inside native code: its device manager replaces it with a fresh trainer.
                    Context.ActorSelection(stuck.Path.Parent).Tell(new RetireTrainer(stuck, s.Reason));
                }
                break;
            case RunQueued:
            case RunCompleted:        // a MUNIT job that completed without a generator frees its non-GIT runs too
            case GeneratorRecorded:   // runs waiting for this generator may start on any idle trainer
            case BankRecorded:
                AssignWork();
                break;
        }
    }

    /// <summary>A report of the current attempt moves its deadline on, and the timer with it.</summary>
    private void Observe(IActorRef trainer, long token, int epoch, int step)
    {
        if (!_busy.TryGetValue(trainer, out var assignment) || assignment.FencingToken != token) return;
        var moved = _busy[trainer] = assignment with { Progress = assignment.Progress.Observe(Now, epoch, step) };
        ArmStallTimer(moved);
    }

    private void ArmStallTimer(Assignment assignment)
    {
        var delay = assignment.Progress.Deadline(_settings) - Now;
        Timers.StartSingleTimer(StallTimerKey(assignment.FencingToken), new StallDue(assignment.FencingToken),
            delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }

    private static string StallTimerKey(long token) => "stall-" + token;

    private void OnStallDue(StallDue m)
    {
        var (trainer, assignment) = _busy.FirstOrDefault(pair => pair.Value.FencingToken == m.FencingToken);
        if (trainer is null) return;   // the attempt ended meanwhile
        if (!assignment.Progress.HasPassed(_settings, Now))
        {
            ArmStallTimer(assignment);
            return;
        }
        Decide(new RecordStall(assignment.RunId, assignment.Attempt, assignment.FencingToken, assignment.Progress));
    }

    /// <summary>The trainer's attempt is over for us (finished, lost or stalled): forget it and its deadline.</summary>
    private Assignment? EndAssignment(IActorRef trainer)
    {
        if (!_busy.Remove(trainer, out var ended)) return null;
        Timers.Cancel(StallTimerKey(ended.FencingToken));
        return ended;
    }

    /// <summary>Never hands this trainer work again; an attempt it still held is queued again.</summary>
    private void Retire(IActorRef trainer)
    {
        if (!_retired.Add(trainer)) return;
        _trainers.Remove(trainer);
        _idle.Remove(trainer);
        _progress.Remove(trainer);
        Context.Unwatch(trainer);
        if (EndAssignment(trainer) is { } lost) Decide(new RecordInterruption(lost.RunId, lost.FencingToken));
    }

    private void Finish()
    {
        _log.Info("sweep {0} finished: {1} completed, {2} failed", _state.SweepId, _state.CompletedCount, _state.FailedCount);
        var finished = new SweepFinished(Status());
        foreach (var s in _subscribers) s.Tell(finished);
        // Stop after the commands stashed meanwhile: when recovery itself recorded SweepCompleted (a crash after the last
        // run's event), a StartSweep or SubscribeProgress sent during recovery is still waiting and gets its answer.
        Self.Tell(StopFinished.Instance);
    }

    private void Publish()
    {
        if (_subscribers.Count == 0) return;
        var progress = Progress();
        foreach (var s in _subscribers) s.Tell(progress);
    }

    private SweepProgress Progress()
    {
        var runs = _state.Runs.Values.ToList();
        return new SweepProgress(_state.SweepId, _state.Name, runs.Count,
            runs.Count(r => r.Phase is RunPhase.Queued or RunPhase.RetryWaiting),
            runs.Count(r => r.Phase == RunPhase.Running),
            runs.Count(r => r.Phase == RunPhase.Completed),
            runs.Count(r => r.Phase == RunPhase.Failed),
            _progress.Values.OrderBy(p => p.Node).ThenBy(p => p.Device).ToList());
    }

    private SweepStatus Status() => new(_state.SweepId, _state.Name, _state.Started, _state.Finished,
        _state.RunsInPlanOrder.Select(r => new RunStatus(r.RunId, r.Run.Label, r.Phase, r.Attempt, r.Failures,
            r.CompletedEpochs, r.Run.Config.Schedule.Epochs, r.LastError)).ToList());
}
