using Akka.Actor;
using Akka.Event;

namespace GitActors.Actors.Training;

/// <summary>
/// Finds this node's devices and starts one trainer per device, each on its own pinned thread; the trainers
/// register with the supervisor themselves (and again after a restart) and pull work from it.
/// </summary>
public sealed class DeviceManager : ReceiveActor
{
    private readonly IActorRef _supervisor;
    private readonly IRunWorkloadFactory _factory;
    private readonly DeviceSettings _devices;
    private readonly TrainerSettings _trainer;
    private readonly IDeviceEnvironment _environment;
    private readonly IActorRef? _augmenters;
    private IReadOnlyList<DeviceSlot> _slots = [];

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
    }

    /// <param name="augmenters">This node's augmenter pool, handed to every trainer (null: none).</param>
    public static Props Props(IActorRef supervisor, IRunWorkloadFactory factory, DeviceSettings devices, TrainerSettings trainer,
        IDeviceEnvironment? environment = null, IActorRef? augmenters = null) =>
        Akka.Actor.Props.Create(() => new DeviceManager(supervisor, factory, devices, trainer, environment ?? TorchDeviceEnvironment.Instance, augmenters));

    protected override void PreStart()
    {
        _slots = DeviceDiscovery.Discover(_devices, _environment.CudaDeviceCount, _environment.ProcessorCount);
        var cpuThreads = _slots.Where(s => s.Device == "cpu").Sum(s => s.Threads);
        if (cpuThreads > 0) _environment.SetCpuThreads(cpuThreads);
        Context.GetLogger().Info("node {0}: {1}", _trainer.Node, string.Join(", ", _slots.Select(s => s.Threads > 0 ? $"{s.Name} ({s.Threads} threads)" : s.Name)));
        foreach (var slot in _slots)
            Context.ActorOf(Trainer.Props(_supervisor, _factory, slot, _trainer, _augmenters), "trainer-" + slot.Name.Replace(':', '-'));
    }
}
