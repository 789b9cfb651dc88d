using System.Net;
using System.Net.Sockets;
using GitActors.Host.Tests.Support;

namespace GitActors.Host.Tests.Cluster;

/// <summary>One `gitactors node` process: its name in the journal (host:port) and its cluster address.</summary>
internal sealed record NodeProcess(int Port, bool Coordinator, CliProcess Process)
{
    public string Name => $"127.0.0.1:{Port}";

    public string Address => $"akka.tcp://gitactors@127.0.0.1:{Port}";

    public bool HostsCoordinator(string address) => Process.Stdout.Contains("coordinator singleton started on " + address, StringComparison.Ordinal);
}

/// <summary>
/// A cluster of real `gitactors node` processes on 127.0.0.1 free ports: the first is the seed, all share the PostgreSQL
/// journal and a checkpoint folder, each trains with 1 CPU slot x 1 thread, and a silent member is downed within seconds.
/// </summary>
internal sealed class NodeProcesses : IDisposable
{
    private readonly string _folder;
    private readonly string _journal;
    private readonly List<NodeProcess> _nodes = [];
    private readonly Queue<int> _ports;

    public NodeProcesses(string folder, string journalConnection, int count)
    {
        _folder = folder;
        _journal = journalConnection;
        _ports = new Queue<int>(FreePorts(count));
        Checkpoints = Path.Combine(folder, "checkpoints");
    }

    public string Checkpoints { get; }

    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    public string Seed => _nodes[0].Address;

    public NodeProcess Start(string roles)
    {
        var port = _ports.Dequeue();
        var seed = _nodes.Count == 0 ? $"akka.tcp://gitactors@127.0.0.1:{port}" : Seed;
        var process = CliProcess.Start(_folder, null, "node", "--roles", roles, "--host", "127.0.0.1", "--port", $"{port}", "--seed", seed,
            "--journal-provider", "postgres", "--journal-connection", _journal, "--checkpoints", Checkpoints,
            "--cpu-slots", "1", "--threads-per-slot", "1", "--fast-failure-detection");
        var node = new NodeProcess(port, roles.Contains("coordinator", StringComparison.Ordinal), process);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Waits until the seed has seen every started member come up.</summary>
    public async Task WaitUntilUpAsync(TimeSpan timeout)
    {
        foreach (var node in _nodes) await _nodes[0].Process.WaitForLineAsync("member up " + node.Address, timeout);
    }

    /// <summary>Waits until one of the coordinator members logs that the singleton started on it, and returns it.</summary>
    public async Task<NodeProcess> WaitForCoordinatorAsync(IEnumerable<NodeProcess> candidates, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (candidates.FirstOrDefault(n => !n.Process.HasExited && n.HostsCoordinator(n.Address)) is { } host) return host;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no node logged 'coordinator singleton started' within {timeout}.\n{Logs()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Every node's output, for failure messages.</summary>
    public string Logs() => string.Join("\n", _nodes.Select(n => $"--- node {n.Name} (exited: {n.Process.HasExited})\n{Tail(n.Process.Stdout)}\n{Tail(n.Process.Stderr)}"));

    public void Dispose()
    {
        foreach (var node in _nodes) node.Process.Dispose();
    }

    private static string Tail(string text) => string.Join("\n", text.Split('\n').TakeLast(60));

    /// <summary>Ports the OS hands out, all held at once so they differ, then released for the nodes to bind.</summary>
    private static List<int> FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        foreach (var listener in listeners) listener.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        foreach (var listener in listeners) listener.Stop();
        return ports;
    }
}
