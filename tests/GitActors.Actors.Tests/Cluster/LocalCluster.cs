using GitActors.Actors.Cluster;
using GitActors.Actors.Tests.Training;

namespace GitActors.Actors.Tests.Cluster;

/// <summary>
/// Several cluster members in this process on 127.0.0.1 random ports: one coordinator member with a SQLite journal
/// (the only writer), trainer members sharing one checkpoint folder and a fake workload, fast failure detection.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private readonly List<ClusterNode> _nodes = [];

    public LocalCluster(string folder)
    {
        Folder = folder;
        Journal = JournalSettings.Sqlite(Path.Combine(folder, "journal.db"));
        JournalFile.PrepareForWriting(Journal.SqliteFile!);
    }

    public string Folder { get; }

    public JournalSettings Journal { get; }

    public FakeWorkloadFactory Workloads { get; init; } = new();

    public ClusterNode StartCoordinator() => Start("coordinator", [ClusterRoles.Coordinator], JournalConfig.Build(Journal));

    /// <summary>Crashable: terminating its system does not leave the cluster, the others have to detect and down it.</summary>
    public ClusterNode StartTrainer(string name, bool crashable = false) => Start(name, [ClusterRoles.Trainer], null,
        crashable ? "akka.coordinated-shutdown.run-by-actor-system-terminate = off" : "");

    public ClusterNode Start(string name, IReadOnlyList<string> roles, Config? persistence, string extra = "")
    {
        var settings = ClusterSettings.Member(0, [], roles).WithDetection(FailureDetection.Fast);
        var overrides = ConfigurationFactory.ParseString($"""
            gitactors.node = "{name}"
            akka.loglevel = WARNING
            gitactors.engine.chunk-steps = 1
            {extra}
            """);
        var node = ClusterNode.Start(new ClusterNodeOptions(settings, persistence, Path.Combine(Folder, "checkpoints"), overrides,
            Workloads, new FakeDeviceEnvironment(processors: 2)));
        var cluster = Akka.Cluster.Cluster.Get(node.System);
        cluster.Join(_nodes.Count == 0 ? cluster.SelfAddress : _nodes[0].Address);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Waits until every started member sees all of them Up.</summary>
    public async Task WaitUntilUp(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_nodes.Any(n => Akka.Cluster.Cluster.Get(n.System).State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) < _nodes.Count))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the {_nodes.Count} members did not all come up in {timeout}");
            await Task.Delay(100);
        }
    }

    /// <summary>Terminates a member's system (for a crashable member: without leaving the cluster).</summary>
    public async Task Crash(ClusterNode node)
    {
        _nodes.Remove(node);
        await node.System.Terminate();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.System.Terminate();
    }
}

/// <summary>Cluster tests start several ActorSystems and time failure detection: they run alone, not beside other classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
