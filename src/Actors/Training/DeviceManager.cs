using Akka.Event;
using GitActors.Models.Torch;

namespace GitActors.Actors.Training;

/// <summary>
/// Finds this node's devices and starts one trainer per device, each on its own pinned thread; the trainers
/// register with the supervisor themselves (and again after a restart) and pull work from it. A trainer the supervisor
/// retires (its attempt stalled, likely stuck inside native code) is replaced by a fresh one on a new thread; the stuck
/// one is stopped, which happens only if its thread ever returns, so until then that thread is abandoned.
/// </summary>
public sealed class DeviceManager : ReceiveActor
{
    private readonly IActorRef _supervisor;
    private readonly IRunWorkloadFactory _factory;
    private readonly DeviceSettings _devices;
    private readonly TrainerSettings _trainer;
    private readonly IDeviceEnvironment _environment;
    private readonly IActorRef? _augmenters;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<IActorRef, DeviceSlot> _trainers = [];
    private IReadOnlyList<DeviceSlot> _slots = [];
    private int _generation;

    public DeviceManager(IActorRef supervisor, IRunWorkloadFactory factory, DeviceSettings devices, TrainerSettings trainer,
        IDeviceEnvironment environment, IActorRef? augmenters = null)
    {
        _augmenters = augmenters;
        _supervisor = supervisor;
        _factory = factory;
        _devices = devices;
        _trainer = trainer;
        _environment = environment;
        Receive<GetDevices>(_ => Sender.Tell(new DevicesReport(_trainer.Node, _slots)));
        Receive<RetireTrainer>(Replace);
    }

    /// <param name="augmenters">This node's augmenter pool, handed to every trainer (null: none).</param>
    public static Props Props(IActorRef supervisor, IRunWorkloadFactory factory, DeviceSettings devices, TrainerSettings trainer,
        IDeviceEnvironment? environment = null, IActorRef? augmenters = null) =>
        Akka.Actor.Props.Create(() => new DeviceManager(supervisor, factory, devices, trainer, environment ?? TorchDeviceEnvironment.Instance, augmenters));

    protected override void PreStart()
    {
        _slots = DeviceDiscovery.Discover(_devices, _environment.CudaDeviceCount, _environment.ProcessorCount);
        var cpuThreads = _slots.Where(s => s.Device == "cpu").Sum(s => s.Threads);
        var kernels = _environment.PrepareCpu(cpuThreads > 0 ? cpuThreads : null);
        _log.Info("node {0}: {1}", _trainer.Node, string.Join(", ", _slots.Select(s => s.Threads > 0 ? $"{s.Name} ({s.Threads} threads)" : s.Name)));
        if (!kernels.OneDnn) _log.Warning("node {0}: {1}", _trainer.Node, kernels.Describe());
        else _log.Info("node {0}: {1}", _trainer.Node, kernels.Describe());
        foreach (var slot in _slots) StartTrainer(slot);
    }

    private void StartTrainer(DeviceSlot slot)
    {
        // A replacement gets a new name (the stuck one keeps its name until it terminates) and so its own pinned thread.
        var name = "trainer-" + slot.Name.Replace(':', '-') + (_generation == 0 ? "" : "-" + _generation);
        _trainers[Context.ActorOf(Trainer.Props(_supervisor, _factory, slot, _trainer, _augmenters), name)] = slot;
    }

    private void Replace(RetireTrainer m)
    {
        if (!_trainers.Remove(m.Trainer, out var slot)) return;   // not ours, or already replaced
        _log.Warning("retiring trainer {0} ({1}); its thread is abandoned and a fresh trainer takes slot {2}", m.Trainer.Path.Name, m.Reason, slot.Name);
        Context.Stop(m.Trainer);
        _supervisor.Tell(new TrainerRetired(m.Trainer));
        _generation++;
        StartTrainer(slot);
    }
}
