using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using GitActors.Actors.Hosting;
using GitActors.Actors.Sweeps;

namespace GitActors.Actors.Cluster;

/// <summary>
/// The cluster's one sweep coordinator: a persistent cluster singleton on the coordinator role that hosts one
/// SweepSupervisor child per submitted sweep and owns the pool of trainers. It persists only which sweeps it owns
/// (SweepAdmitted / SweepClosed); each child keeps its sweep's full journal. When the singleton moves, the successor
/// replays this list, restarts the unfinished children (which queue their interrupted runs again) and trainers
/// enlist again through their node's TrainerRegistrar.
///
/// Sweeps run one after the other in submission order: the active (oldest open) sweep gets every trainer, so trainer
/// reports, which name a run but not a sweep, route without ambiguity (a run id can appear in two sweeps).
/// </summary>
public sealed class SweepCoordinator : ReceivePersistentActor, IWithTimers
{
    public const string PersistenceIdValue = "gitactors-coordinator";

    private sealed record TrainerInfo(string Node, string Device);

    private sealed record RestartChild(string SweepId);

    private readonly TimeSpan _restartDelay;
    private readonly IFaultPoints _faults;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<SweepAdmitted> _open = [];
    private readonly HashSet<string> _closed = [];
    private readonly Dictionary<string, IActorRef> _children = [];
    private readonly Dictionary<IActorRef, TrainerInfo> _trainers = [];
    private IActorRef? _fedChild;
    private int _childGeneration;

    public SweepCoordinator(TimeSpan restartDelay, IFaultPoints? faults = null)
    {
        _restartDelay = restartDelay;
        _faults = faults ?? NoFaultPoints.Instance;
        Recover<SweepAdmitted>(Admit);
        Recover<SweepClosed>(Close);
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<SubmitSweep>(Submit);
        Command<FollowSweep>(Follow);
        Command<RegisterTrainer>(m =>
        {
            Enlist(m.Trainer, m.Node, m.Device);
            Sender.Tell(new TrainerEnlisted(m.Trainer));
        });
        Command<RequestWork>(OnRequestWork);
        Command<TrainerRetired>(OnTrainerRetired);
        Command<TrainerProgress>(m => ToActive(m, supersedeIfNone: false));
        Command<IAttemptReport>(m => ToActive(m, supersedeIfNone: true));
        Command<SweepProgress>(_ => { });
        Command<SweepFinished>(OnSweepFinished);
        Command<RestartChild>(m => { if (IsOpen(m.SweepId) && !_children.ContainsKey(m.SweepId)) StartChild(Find(m.SweepId)!); Activate(); });
        Command<Terminated>(m => OnTerminated(m.ActorRef));
    }

    /// <param name="faults">The fault-point test seam its sweep supervisors announce to; none by default.</param>
    public static Props Props(TimeSpan? restartDelay = null, IFaultPoints? faults = null) =>
        Akka.Actor.Props.Create(() => new SweepCoordinator(restartDelay ?? TimeSpan.FromSeconds(2), faults));

    public override string PersistenceId => PersistenceIdValue;

    public ITimerScheduler Timers { get; set; } = null!;

    private string? ActiveSweep => _open.Count == 0 ? null : _open[0].SweepId;

    /// <summary>Operators (and the failover tests) read from the node's log which member hosts the singleton.</summary>
    protected override void PreStart()
    {
        _log.Info("coordinator singleton started on {0}", Akka.Cluster.Cluster.Get(Context.System).SelfAddress);
        base.PreStart();
    }

    private void OnRecovered()
    {
        _log.Info("sweep coordinator up on {0}: {1} open sweep(s)", Akka.Cluster.Cluster.Get(Context.System).SelfAddress, _open.Count);
        foreach (var sweep in _open) StartChild(sweep);
        Activate();
    }

    private void Submit(SubmitSweep m)
    {
        var plan = m.Plan;
        var duplicate = plan.Runs.GroupBy(r => r.RunId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            Sender.Tell(new SweepRejected(plan.SweepId, $"sweep {plan.SweepId} lists run {duplicate.Key} more than once"));
            return;
        }
        if (_closed.Contains(plan.SweepId))
        {
            Sender.Tell(new SweepStartAcknowledged(plan.SweepId, AlreadyStarted: true, AlreadyFinished: true));
            return;
        }
        var start = new StartSweep(plan, m.SpecPath, m.SpecText);
        if (_children.TryGetValue(plan.SweepId, out var child))
        {
            child.Forward(start);
            return;
        }
        var client = Sender;
        if (IsOpen(plan.SweepId))
        {
            // Open but its child is restarting: the new child will get it when it exists.
            Sender.Tell(new SweepStartAcknowledged(plan.SweepId, AlreadyStarted: true, AlreadyFinished: false));
            return;
        }
        Persist(new SweepAdmitted(plan.SweepId, plan.Engine, DateTimeOffset.UtcNow), e =>
        {
            Admit(e);
            _log.Info("sweep {0} admitted ({1} runs); {2} sweep(s) open", e.SweepId, plan.Runs.Count, _open.Count);
            StartChild(e).Tell(start, client);
            Activate();
        });
    }

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

    private void ToActive(IAttemptReport report, bool supersedeIfNone)
    {
        if (ActiveChild() is { } child) child.Forward(report);
        else if (supersedeIfNone) Sender.Tell(new AttemptSuperseded(report.RunId, report.Attempt, report.FencingToken));
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
            // The supervisor stopped before its sweep ended (a journal failure): start it again, it recovers.
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
    }
}
