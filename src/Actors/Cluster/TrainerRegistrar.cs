using Akka.Event;

namespace GitActors.Actors.Cluster;

/// <summary>
/// A trainer node's link to the coordinator singleton: the node's trainers see it as their supervisor. It repeats
/// each trainer's registration until the coordinator acknowledges it, watches the coordinator that acknowledged, and
/// registers every trainer again when that coordinator dies (the singleton moved) or at each refresh, so a new
/// coordinator learns the pool without any state of its own. Everything else is forwarded to the singleton proxy,
/// sender preserved, so replies go straight to the trainer.
/// </summary>
public sealed class TrainerRegistrar : ReceiveActor, IWithTimers
{
    private sealed record Retry
    {
        public static Retry Instance { get; } = new();
    }

    private sealed record Refresh
    {
        public static Refresh Instance { get; } = new();
    }

    private readonly IActorRef _coordinator;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<IActorRef, RegisterTrainer> _registrations = [];
    private readonly HashSet<IActorRef> _pending = [];
    private IActorRef? _acknowledgedBy;

    public TrainerRegistrar(IActorRef coordinator, TimeSpan retryInterval, TimeSpan refreshInterval)
    {
        _coordinator = coordinator;
        Receive<RegisterTrainer>(m =>
        {
            _registrations[m.Trainer] = m;
            _pending.Add(m.Trainer);
            Context.Watch(m.Trainer);
            Send(m);
        });
        Receive<TrainerEnlisted>(OnEnlisted);
        Receive<Retry>(_ => { foreach (var trainer in _pending) Send(_registrations[trainer]); });
        Receive<Refresh>(_ => { foreach (var registration in _registrations.Values) Send(registration); });
        Receive<Terminated>(m => OnTerminated(m.ActorRef));
        Receive<TrainerRetired>(m =>
        {
            // A stuck trainer never terminates: stop refreshing its registration, and let the coordinator drop it.
            Forget(m.Trainer);
            _coordinator.Forward(m);
        });
        ReceiveAny(m => _coordinator.Forward(m));
        Timers.StartPeriodicTimer("retry", Retry.Instance, retryInterval);
        Timers.StartPeriodicTimer("refresh", Refresh.Instance, refreshInterval);
    }

    public static Props Props(IActorRef coordinator, TimeSpan? retryInterval = null, TimeSpan? refreshInterval = null) =>
        Akka.Actor.Props.Create(() => new TrainerRegistrar(coordinator, retryInterval ?? TimeSpan.FromSeconds(1), refreshInterval ?? TimeSpan.FromSeconds(10)));

    public ITimerScheduler Timers { get; set; } = null!;

    private void Send(RegisterTrainer registration) => _coordinator.Tell(registration, Self);

    private void OnEnlisted(TrainerEnlisted m)
    {
        _pending.Remove(m.Trainer);
        if (Sender.Equals(_acknowledgedBy)) return;
        if (_acknowledgedBy is not null) Context.Unwatch(_acknowledgedBy);
        _acknowledgedBy = Sender;
        Context.Watch(Sender);
        _log.Info("trainers enlisted with the coordinator at {0}", Sender.Path);
    }

    private void OnTerminated(IActorRef actor)
    {
        if (actor.Equals(_acknowledgedBy))
        {
            _log.Warning("the coordinator at {0} is gone; registering {1} trainer(s) with its successor", actor.Path, _registrations.Count);
            _acknowledgedBy = null;
            _pending.UnionWith(_registrations.Keys);
            foreach (var registration in _registrations.Values) Send(registration);
            return;
        }
        Forget(actor);
    }

    private void Forget(IActorRef trainer)
    {
        _registrations.Remove(trainer);
        _pending.Remove(trainer);
        Context.Unwatch(trainer);
    }
}
