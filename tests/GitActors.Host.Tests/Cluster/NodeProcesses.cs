namespace GitActors.Host.Tests.Cluster;

/// <summary>One `gitactors node` process: its cluster address (as the process reported it) and its name in the journal (host:port).</summary>
internal sealed record NodeProcess(string Address, bool Coordinator, CliProcess Process)
{
    public string Name => Address[(Address.IndexOf('@') + 1)..];

    public bool HostsCoordinator(string address) => Process.Stdout.Contains("coordinator singleton started on " + address, StringComparison.Ordinal);
}

/// <summary>
/// A cluster of real `gitactors node` processes on 127.0.0.1: each binds port 0 and reports the address it got (so no
/// port is chosen here and taken by something else before the node binds it); the first forms the cluster and is the
/// others' seed. All share the PostgreSQL journal and a checkpoint folder, each trains with 1 CPU slot x 1 thread, and a
/// silent member is downed within seconds. A node started with a fault point runs through gitactors-faults and is held
/// the first time it reaches that point.
/// </summary>
internal sealed class NodeProcesses(string folder, string journalConnection) : IDisposable
{
    private const string UpMarker = "node akka.";

    private readonly List<NodeProcess> _nodes = [];

    public string Checkpoints { get; } = Path.Combine(folder, "checkpoints");

    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    public string Seed => _nodes[0].Address;

    /// <summary>
    /// Starts a member and waits until it reports its address; held at <paramref name="point"/> when one is given. It
    /// joins through <paramref name="seed"/> when given (else the first node's address), with <paramref name="extra"/>
    /// options (TLS) appended.
    /// </summary>
    public async Task<NodeProcess> StartAsync(string roles, TimeSpan timeout, string? point = null, IReadOnlyList<string>? extra = null, string? seed = null)
    {
        List<string> args = ["node", "--roles", roles, "--host", "127.0.0.1", "--port", "0",
            "--journal-provider", "postgres", "--journal-connection", journalConnection, "--checkpoints", Checkpoints,
            "--cpu-slots", "1", "--threads-per-slot", "1", "--fast-failure-detection"];
        if (seed is not null || _nodes.Count > 0) args.AddRange(["--seed", seed ?? Seed]);
        args.AddRange(extra ?? []);
        var process = point is null ? CliProcess.Start(folder, [.. args]) : CliProcess.StartHeld(folder, point, "any", [.. args]);
        try
        {
            await process.WaitForLineAsync(UpMarker, timeout);
        }
        catch
        {
            process.Dispose();
            throw;
        }
        var line = process.Stdout.Split('\n').First(l => l.Contains(UpMarker, StringComparison.Ordinal));
        var address = line[line.IndexOf("akka.", StringComparison.Ordinal)..].Split(' ')[0];
        var node = new NodeProcess(address, roles.Contains("coordinator", StringComparison.Ordinal), process);
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
}
