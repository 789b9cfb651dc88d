using Akka.Cluster.Tools.Singleton;
using GitActors.Actors.Augmentation;
using GitActors.Actors.Hosting;
using GitActors.Actors.Training;
using GitActors.Models.Experiments.Faults;

namespace GitActors.Actors.Cluster;

/// <summary>
/// What a member needs besides its cluster settings: the journal (JournalConfig.Build; PostgreSQL for a real cluster,
/// needed on coordinator members), the shared checkpoint folder (gitactors.checkpoints.root when null), HOCON
/// overrides, the workload factory and device environment for trainer members, the fault-point test seam (null: none),
/// and how the coordinator takes a sweep's writer lock (null: it takes none).
/// </summary>
public sealed record ClusterNodeOptions(
    ClusterSettings Cluster,
    Config? Persistence = null,
    string? CheckpointRoot = null,
    Config? Overrides = null,
    IRunWorkloadFactory? Workloads = null,
    IDeviceEnvironment? Devices = null,
    IFaultPoints? Faults = null,
    Func<string, Task<Journal.Locking.IJournalLock>>? SweepLocks = null);

/// <summary>
/// One cluster member: the ActorSystem with the cluster layer, the coordinator singleton manager on coordinator
/// members, the singleton proxy everywhere, and on trainer members a device manager whose trainers reach the
/// coordinator through a TrainerRegistrar. Data loaders are the trainers' children, so they live where the training is.
/// </summary>
public sealed class ClusterNode
{
    public const string ManagerName = "sweep-coordinator";
    public const string ProxyName = "sweep-coordinator-proxy";

    private ClusterNode(ActorSystem system, IActorRef coordinator, IActorRef? devices)
    {
        System = system;
        Coordinator = coordinator;
        Devices = devices;
    }

    public ActorSystem System { get; }

    /// <summary>The singleton proxy: messages reach the coordinator wherever it runs (buffered while it moves).</summary>
    public IActorRef Coordinator { get; }

    /// <summary>The device manager on trainer members, else null.</summary>
    public IActorRef? Devices { get; }

    public Akka.Actor.Address Address => Akka.Cluster.Cluster.Get(System).SelfAddress;

    public static Config BuildConfig(ClusterNodeOptions options)
    {
        var checkpoints = options.CheckpointRoot is null ? null
            : ConfigurationFactory.ParseString($"gitactors.checkpoints.root = {Newtonsoft.Json.JsonConvert.ToString(Path.GetFullPath(options.CheckpointRoot))}");
        var overrides = checkpoints is null ? options.Overrides : options.Overrides?.WithFallback(checkpoints) ?? checkpoints;
        return EngineSystem.BuildConfig(options.Persistence, overrides).WithFallback(ClusterConfig.Build(options.Cluster));
    }

    /// <summary>Starts the member; it joins through the seeds in the background (or forms the cluster if it is the first seed).</summary>
    public static ClusterNode Start(ClusterNodeOptions options)
    {
        var roles = options.Cluster.Roles;
        var isTrainer = roles.Contains(ClusterRoles.Trainer);
        if (isTrainer && options.Workloads is null) throw new ArgumentException("a trainer member needs a workload factory", nameof(options));
        var config = BuildConfig(options);
        var system = ClusterTls.CreateSystem(config);
        try
        {
            if (roles.Contains(ClusterRoles.Coordinator))
            {
                system.ActorOf(ClusterSingletonManager.Props(
                    SweepCoordinator.SupervisedProps(options.Faults, options.SweepLocks),
                    PoisonPill.Instance,
                    ClusterSingletonManagerSettings.Create(system).WithRole(ClusterRoles.Coordinator)), ManagerName);
            }
            var proxy = system.ActorOf(ClusterSingletonProxy.Props($"/user/{ManagerName}",
                ClusterSingletonProxySettings.Create(system).WithRole(ClusterRoles.Coordinator)), ProxyName);
            IActorRef? devices = null;
            if (isTrainer)
            {
                var root = CheckpointRoot(system.Settings.Config);
                var registrar = system.ActorOf(TrainerRegistrar.Props(proxy), "trainer-registrar");
                var trainer = TrainerSettings.FromConfig(system.Settings.Config, root) with { Faults = options.Faults ?? NoFaultPoints.Instance };
                // Unnamed members are named by the address they bound (host:port), known only now when the port was 0.
                if (string.IsNullOrWhiteSpace(system.Settings.Config.GetString("gitactors.node", "")))
                {
                    var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
                    trainer = trainer with { Node = $"{self.Host}:{self.Port}" };
                }
                var deviceSettings = DeviceSettings.FromConfig(system.Settings.Config);
                // Augmenters live on the node that trains: GIT rows and T~ eKLD never cross the network.
                var augmenters = system.ActorOf(AugmenterPool.Props(AugmenterSettings.FromConfig(system.Settings.Config)), "augmenters");
                devices = system.ActorOf(DeviceManager.Props(registrar, options.Workloads!, deviceSettings, trainer, options.Devices, augmenters), "devices");
            }
            return new ClusterNode(system, proxy, devices);
        }
        catch
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(10));
            throw;
        }
    }

    /// <summary>gitactors.checkpoints.root: a folder every trainer member can read and write (a shared filesystem).</summary>
    public static string CheckpointRoot(Config config)
    {
        var root = config.GetString("gitactors.checkpoints.root", "");
        if (string.IsNullOrWhiteSpace(root))
            throw new ArgumentException("trainer members need gitactors.checkpoints.root (--checkpoints DIR): a folder all trainer nodes share");
        return Path.GetFullPath(root);
    }

    /// <summary>Leaves the cluster (coordinated shutdown hands the singleton over) and stops the system.</summary>
    public Task LeaveAsync() => CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
}
