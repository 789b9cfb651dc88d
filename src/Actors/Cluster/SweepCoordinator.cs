using Akka.Event;
using Akka.Pattern;
using Akka.Persistence;
using GitActors.Actors.Journal.Locking;
using GitActors.Models.Experiments.Faults;

namespace GitActors.Actors.Cluster;

/// <summary>
/// The cluster's one sweep coordinator: a persistent cluster singleton on the coordinator role that hosts one
/// SweepSupervisor child per submitted sweep and owns the pool of trainers. It persists only which sweeps it owns
/// (SweepAdmitted / SweepClosed); each child keeps its sweep's full journal. When the singleton moves, the successor
/// replays this list, restarts the unfinished children (which queue their interrupted runs again) and trainers
/// enlist again through their node's TrainerRegistrar.
///
/// Sweeps run one after the other in submission order: the active (oldest open) sweep gets every trainer; trainer
/// reports name their sweep and go to its supervisor (a run id can appear in two sweeps).
///
/// One writer per sweep: with a lock source (PostgreSQL journals), the coordinator holds each open sweep's writer lock
/// for as long as it hosts its supervisor, so a local `sweep run|resume` of it is refused meanwhile, and a submission of
/// a sweep a local process is writing is answered SweepInUse. A sweep recovered while another process holds its lock
/// waits, trying again every few seconds. The locks die with this member (its sessions end), and a successor takes them.
/// </summary>
public sealed class SweepCoordinator : ReceivePersistentActor, IWithTimers
{
    public const string PersistenceIdValue = "gitactors-coordinator";

    private sealed record TrainerInfo(string Node, string Device);

    private sealed record RestartChild(string SweepId);

    /// <summary>A lock asked for a new submission (Submit, Client) or for an open sweep's supervisor (both null).</summary>
    private sealed record LockTaken(string SweepId, IJournalLock Lock, SubmitSweep? Submit, IActorRef? Client);

    private sealed record LockRefused(string SweepId, Exception Error, SubmitSweep? Submit, IActorRef? Client);

    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromSeconds(5);

    private readonly TimeSpan _restartDelay;
    private readonly IFaultPoints _faults;
    private readonly Func<string, Task<IJournalLock>>? _lockSweep;
    private readonly Dictionary<string, IJournalLock> _locks = [];
    private readonly HashSet<string> _locking = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<SweepAdmitted> _open = [];
    private readonly HashSet<string> _closed = [];
    private readonly Dictionary<string, IActorRef> _children = [];
    private readonly Dictionary<IActorRef, TrainerInfo> _trainers = [];
    private IActorRef? _fedChild;
    private int _childGeneration;

    public SweepCoordinator(TimeSpan restartDelay, IFaultPoints? faults = null, Func<string, Task<IJournalLock>>? lockSweep = null)
    {
        _restartDelay = restartDelay;
        _faults = faults ?? NoFaultPoints.Instance;
        _lockSweep = lockSweep;
        Recover<SweepAdmitted>(Admit);
        Recover<SweepClosed>(Close);
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<SubmitSweep>(m => Submit(m, Sender));
        Command<FollowSweep>(Follow);
        Command<RegisterTrainer>(m =>
        {
            Enlist(m.Trainer, m.Node, m.Device);
            Sender.Tell(new TrainerEnlisted(m.Trainer));
        });
        Command<RequestWork>(OnRequestWork);
        Command<TrainerRetired>(OnTrainerRetired);
        Command<TrainerProgress>(m => ToSweep(m, supersedeIfNone: false));
        Command<IAttemptReport>(m => ToSweep(m, supersedeIfNone: true));
        Command<SweepProgress>(_ => { });
        Command<SweepFinished>(OnSweepFinished);
        Command<RestartChild>(m => { if (IsOpen(m.SweepId) && !_children.ContainsKey(m.SweepId)) EnsureChild(Find(m.SweepId)!); Activate(); });
        Command<LockTaken>(OnLockTaken);
        Command<LockRefused>(OnLockRefused);
        Command<Terminated>(m => OnTerminated(m.ActorRef));
    }

    /// <param name="faults">The fault-point test seam its sweep supervisors announce to; none by default.</param>
    /// <param name="lockSweep">Takes a sweep's writer lock (refusing with JournalLockedException); null: no locks (SQLite and in-memory test clusters).</param>
    public static Props Props(TimeSpan? restartDelay = null, IFaultPoints? faults = null, Func<string, Task<IJournalLock>>? lockSweep = null) =>
        Akka.Actor.Props.Create(() => new SweepCoordinator(restartDelay ?? TimeSpan.FromSeconds(2), faults, lockSweep));

    /// <summary>
    /// The coordinator as the singleton runs it: under a backoff supervisor that starts it again whenever it stops, so a
    /// journal outage (a failed write, or a recovery after fail-over while the database is down) costs a pause, not
    /// the cluster's coordinator. Messages that reach it while it is stopped are dropped: trainers register again and
    /// an unrecorded report leaves its run interrupted, which the recovered supervisor re-queues from its checkpoint.
    /// </summary>
    public static Props SupervisedProps(IFaultPoints? faults = null, Func<string, Task<IJournalLock>>? lockSweep = null,
        TimeSpan? minBackoff = null, TimeSpan? maxBackoff = null) =>
        BackoffSupervisor.Props(Backoff.OnStop(Props(faults: faults, lockSweep: lockSweep), "coordinator",
            minBackoff ?? TimeSpan.FromSeconds(1), maxBackoff ?? TimeSpan.FromSeconds(15), randomFactor: 0.2, maxNrOfRetries: -1)
            .WithAutoReset(TimeSpan.FromMinutes(1)));

    public override string PersistenceId => PersistenceIdValue;

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error("the coordinator's journal failed writing {0} ({1}); it stops and its supervisor starts it again", @event.GetType().Name, cause.GetBaseException().Message);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>Refused: the admission or closing is not recorded, so stop and recover from what is (Akka's default only logs).</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _log.Error("the coordinator's journal refused {0} ({1}); it stops and its supervisor starts it again", @event.GetType().Name, cause.GetBaseException().Message);
        Context.Stop(Self);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _log.Error("the coordinator could not read its journal ({0}); its supervisor starts it again", reason.GetBaseException().Message);
        base.OnRecoveryFailure(reason, message);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private string? ActiveSweep => _open.Count == 0 ? null : _open[0].SweepId;

    /// <summary>Operators (and the failover tests) read from the node's log which member hosts the singleton.</summary>
    protected override void PreStart()
    {
        _log.Info("coordinator singleton started on {0}", Akka.Cluster.Cluster.Get(Context.System).SelfAddress);
        base.PreStart();
    }

    /// <summary>Handing the singleton over (or stopping): the successor takes the sweeps' locks.</summary>
    protected override void PostStop()
    {
        foreach (var held in _locks.Values) Release(held);
        _locks.Clear();
        base.PostStop();
    }

    private void OnRecovered()
    {
        _log.Info("sweep coordinator up on {0}: {1} open sweep(s)", Akka.Cluster.Cluster.Get(Context.System).SelfAddress, _open.Count);
        foreach (var sweep in _open) EnsureChild(sweep);
        Activate();
    }

    private void Submit(SubmitSweep m, IActorRef client)
    {
        var plan = m.Plan;
        var duplicate = plan.Runs.GroupBy(r => r.RunId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            client.Tell(new SweepRejected(plan.SweepId, $"sweep {plan.SweepId} lists run {duplicate.Key} more than once"));
            return;
        }
        if (_closed.Contains(plan.SweepId))
        {
            client.Tell(new SweepStartAcknowledged(plan.SweepId, AlreadyStarted: true, AlreadyFinished: true));
            return;
        }
        var start = new StartSweep(plan, m.SpecPath, m.SpecText);
        if (_children.TryGetValue(plan.SweepId, out var child))
        {
            child.Tell(start, client);
            return;
        }
        if (IsOpen(plan.SweepId))
        {
            // Open but its child is restarting: the new child will get it when it exists.
            client.Tell(new SweepStartAcknowledged(plan.SweepId, AlreadyStarted: true, AlreadyFinished: false));
            return;
        }
        if (_lockSweep is not null)
        {
            // Admitted only once its lock is held, so a sweep a local process is writing is refused, not queued behind it.
            if (_locking.Add(plan.SweepId)) TakeLock(plan.SweepId, m, client);
            else client.Tell(new SweepRejected(plan.SweepId, "another submission of this sweep is being admitted; submit it again"));
            return;
        }
        AdmitAndStart(m, client);
    }

    private void AdmitAndStart(SubmitSweep m, IActorRef client)
    {
        var plan = m.Plan;
        Persist(new SweepAdmitted(plan.SweepId, plan.Engine, DateTimeOffset.UtcNow), e =>
        {
            Admit(e);
            _log.Info("sweep {0} admitted ({1} runs); {2} sweep(s) open", e.SweepId, plan.Runs.Count, _open.Count);
            StartChild(e).Tell(new StartSweep(plan, m.SpecPath, m.SpecText), client);
            Activate();
        });
    }

    /// <summary>Starts an open sweep's supervisor, once its writer lock is held (asked for here when it is not).</summary>
    private void EnsureChild(SweepAdmitted sweep)
    {
        if (_lockSweep is null || _locks.ContainsKey(sweep.SweepId)) StartChild(sweep);
        else if (_locking.Add(sweep.SweepId)) TakeLock(sweep.SweepId, null, null);
    }

    /// <summary>The lock is taken off the mailbox (a database round trip) and its answer comes back as a message.</summary>
    private void TakeLock(string sweepId, SubmitSweep? submit, IActorRef? client) =>
        _lockSweep!(sweepId).PipeTo(Self,
            success: held => new LockTaken(sweepId, held, submit, client),
            failure: error => new LockRefused(sweepId, error is AggregateException { InnerException: { } inner } ? inner : error, submit, client));

    private void OnLockTaken(LockTaken m)
    {
        _locking.Remove(m.SweepId);
        if (m.Submit is { } submit && !IsOpen(m.SweepId) && !_closed.Contains(m.SweepId))
        {
            _locks[m.SweepId] = m.Lock;
            AdmitAndStart(submit, m.Client!);
            return;
        }
        if (m.Submit is null && IsOpen(m.SweepId) && !_locks.ContainsKey(m.SweepId))
        {
            _locks[m.SweepId] = m.Lock;
            if (!_children.ContainsKey(m.SweepId)) StartChild(Find(m.SweepId)!);
            Activate();
            return;
        }
        Release(m.Lock);
        if (m.Submit is not null) Submit(m.Submit, m.Client!);   // its sweep changed meanwhile: decide again
    }

    private void OnLockRefused(LockRefused m)
    {
        _locking.Remove(m.SweepId);
        var reason = m.Error.Message;
        if (m.Submit is not null)
        {
            m.Client!.Tell(m.Error is JournalLockedException ? new SweepInUse(m.SweepId, reason) : new SweepRejected(m.SweepId, reason));
            return;
        }
        if (!IsOpen(m.SweepId)) return;
        _log.Warning("sweep {0} waits for its writer lock ({1}); trying again in {2}", m.SweepId, reason, LockRetryDelay);
        Timers.StartSingleTimer("restart-" + m.SweepId, new RestartChild(m.SweepId), LockRetryDelay);
    }

    private void Release(IJournalLock held) =>
        held.DisposeAsync().AsTask().ContinueWith(t => _log.Warning("releasing a sweep lock failed: {0}", t.Exception?.GetBaseException().Message),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private void Follow(FollowSweep m)
    {
        if (_children.TryGetValue(m.SweepId, out var child))
            child.Tell(new SubscribeProgress(m.Subscriber));
        else if (_closed.Contains(m.SweepId))
            // A finished sweep: a short-lived child replays its journal, answers with SweepFinished, and is stopped.
            StartChild(new SweepAdmitted(m.SweepId, EngineSettings.Default, DateTimeOffset.UtcNow), m.Subscriber);
        else if (!IsOpen(m.SweepId))
            m.Subscriber.Tell(new UnknownSweep(m.SweepId));
        // Open with its child restarting: the follower repeats FollowSweep and is subscribed then.
    }

    private void OnRequestWork(RequestWork m)
    {
        if (!_trainers.ContainsKey(Sender))
        {
            // A trainer that was busy when this coordinator took over: enlisting it counts as its request.
            Enlist(Sender, m.Node, m.Device);
            return;
        }
        if (ActiveChild() is { } child) child.Forward(m);
    }

    /// <summary>A node replaced a stuck trainer: it leaves the pool (it would never terminate) and the active sweep forgets it.</summary>
    private void OnTrainerRetired(TrainerRetired m)
    {
        if (_trainers.Remove(m.Trainer)) Context.Unwatch(m.Trainer);
        ActiveChild()?.Forward(m);
    }

    /// <summary>A report goes to its own sweep's supervisor: a run id and a token can recur in another sweep.</summary>
    private void ToSweep(IAttemptReport report, bool supersedeIfNone)
    {
        if (_children.TryGetValue(report.SweepId, out var child)) child.Forward(report);
        else if (supersedeIfNone) Sender.Tell(new AttemptSuperseded(report.SweepId, report.RunId, report.Attempt, report.FencingToken));
    }

    private void Enlist(IActorRef trainer, string node, string device)
    {
        if (!_trainers.TryAdd(trainer, new TrainerInfo(node, device))) return;
        Context.Watch(trainer);
        _log.Info("trainer {0}/{1} enlisted ({2} in the pool)", node, device, _trainers.Count);
        if (ActiveChild() is { } child && child.Equals(_fedChild))
            child.Tell(new RegisterTrainer(trainer, node, device), trainer);
    }

    private void OnSweepFinished(SweepFinished m)
    {
        var sweepId = m.Status.SweepId;
        if (_children.Remove(sweepId, out var child))
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }
        if (!IsOpen(sweepId)) return;
        Persist(new SweepClosed(sweepId, DateTimeOffset.UtcNow), e =>
        {
            Close(e);
            _log.Info("sweep {0} closed: {1} completed, {2} failed", sweepId, m.Status.Count(RunPhase.Completed), m.Status.Count(RunPhase.Failed));
            Activate();
        });
    }

    private void OnTerminated(IActorRef actor)
    {
        if (_trainers.Remove(actor, out var info))
        {
            _log.Warning("trainer {0}/{1} left ({2} in the pool)", info.Node, info.Device, _trainers.Count);
            return;
        }
        var sweepId = _children.FirstOrDefault(pair => pair.Value.Equals(actor)).Key;
        if (sweepId is null) return;
        _children.Remove(sweepId);
        if (actor.Equals(_fedChild)) _fedChild = null;
        if (IsOpen(sweepId))
        {
            // The supervisor stopped before its sweep ended (a journal failure): start it again (its lock still held), it recovers.
            _log.Warning("supervisor of sweep {0} stopped unfinished; restarting it in {1}", sweepId, _restartDelay);
            Timers.StartSingleTimer("restart-" + sweepId, new RestartChild(sweepId), _restartDelay);
        }
    }

    private IActorRef StartChild(SweepAdmitted sweep, IActorRef? firstSubscriber = null)
    {
        var child = Context.ActorOf(SweepSupervisor.Props(sweep.SweepId, sweep.Engine, _faults), $"sweep-{sweep.SweepId}-{++_childGeneration}");
        Context.Watch(child);
        _children[sweep.SweepId] = child;
        if (firstSubscriber is not null) child.Tell(new SubscribeProgress(firstSubscriber));
        child.Tell(new SubscribeProgress(Self));
        return child;
    }

    /// <summary>Hands every enlisted trainer to the active sweep's supervisor once (again after it restarted).</summary>
    private void Activate()
    {
        if (ActiveChild() is not { } child || child.Equals(_fedChild)) return;
        _fedChild = child;
        _log.Info("sweep {0} is active; handing it {1} trainer(s)", ActiveSweep, _trainers.Count);
        foreach (var (trainer, info) in _trainers) child.Tell(new RegisterTrainer(trainer, info.Node, info.Device), trainer);
    }

    private IActorRef? ActiveChild() => ActiveSweep is { } id && _children.TryGetValue(id, out var child) ? child : null;

    private bool IsOpen(string sweepId) => _open.Any(s => s.SweepId == sweepId);

    private SweepAdmitted? Find(string sweepId) => _open.FirstOrDefault(s => s.SweepId == sweepId);

    private void Admit(SweepAdmitted e)
    {
        if (!IsOpen(e.SweepId) && !_closed.Contains(e.SweepId)) _open.Add(e);
    }

    private void Close(SweepClosed e)
    {
        _open.RemoveAll(s => s.SweepId == e.SweepId);
        _closed.Add(e.SweepId);
        if (_locks.Remove(e.SweepId, out var held)) Release(held);
    }
}
