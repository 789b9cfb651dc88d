using Akka.Actor;
using Akka.Configuration;
using GitActors.Actors.Cluster;
using GitActors.Actors.Journal.Locking;
using GitActors.Actors.Training;
using GitActors.Host.Cluster;

namespace GitActors.Host.Commands;

/// <summary>
/// `gitactors node --roles coordinator,trainer --host H --port P --seed akka.tcp://gitactors@H:P ...`: one cluster
/// member, running until killed. Coordinator members need the cluster's journal (PostgreSQL); trainer members need
/// the shared checkpoint folder. With --tls-certificate and --tls-ca members authenticate each other (akka.ssl.tcp://).
/// </summary>
internal static class NodeCommand
{
    public static Command Create(IFaultPoints faults)
    {
        var roles = new Option<string>("--roles") { Description = "coordinator, trainer or both (comma-separated)", DefaultValueFactory = _ => "coordinator,trainer" };
        var host = new Option<string>("--host") { Description = "Address to bind and advertise", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on (0: any free port)", DefaultValueFactory = _ => 0 };
        var seeds = new Option<string[]>("--seed") { Description = "Seed node address akka.tcp://gitactors@HOST:PORT (akka.ssl.tcp:// with TLS; repeatable); none (or this node's own address) forms a new cluster", AllowMultipleArgumentsPerToken = true };
        var provider = new Option<string?>("--journal-provider") { Description = "The cluster's journal database: postgres (required with the coordinator role)" };
        var connection = new Option<string?>("--journal-connection") { Description = "PostgreSQL connection string of the cluster's journal" };
        var checkpoints = new Option<string?>("--checkpoints") { Description = "Shared checkpoint folder (gitactors.checkpoints.root)" };
        var cpuSlots = new Option<int?>("--cpu-slots") { Description = "Trainers on the CPU when there is no CUDA device" };
        var threads = new Option<int?>("--threads-per-slot") { Description = "Threads per CPU trainer" };
        var name = new Option<string?>("--name") { Description = "Node name in the journal (default host:port)" };
        var fast = new Option<bool>("--fast-failure-detection") { Description = "Down a silent member after ~8 s instead of ~25 s (local test clusters)" };
        var tls = new TlsOptions();
        var command = new Command("node", "Run a cluster member until killed");
        foreach (var option in new Option[] { roles, host, port, seeds, provider, connection, checkpoints, cpuSlots, threads, name, fast })
            command.Options.Add(option);
        tls.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var roleList = ClusterRoles.Parse(parse.GetValue(roles)!);
            var settings = ClusterSettings.Member(parse.GetValue(port), parse.GetValue(seeds) ?? [], roleList, parse.GetValue(host)!) with { Tls = tls.Of(parse) };
            if (parse.GetValue(fast)) settings = settings.WithDetection(FailureDetection.Fast);
            Config? persistence = null;
            Func<string, Task<IJournalLock>>? sweepLocks = null;
            if (roleList.Contains(ClusterRoles.Coordinator))
            {
                var journal = CoordinatorJournal(parse.GetValue(provider), parse.GetValue(connection));
                persistence = JournalConfig.Build(journal);
                // The coordinator holds the writer lock of each sweep it hosts.
                sweepLocks = sweepId => JournalWriterLock.AcquireAsync(journal, sweepId, CancellationToken.None);
            }
            var overrides = new List<string>();
            if (parse.GetValue(cpuSlots) is { } slots) overrides.Add($"gitactors.devices.cpu-slots = {slots}");
            if (parse.GetValue(threads) is { } t) overrides.Add($"gitactors.devices.threads-per-slot = {t}");
            var nodeName = parse.GetValue(name);
            var options = new ClusterNodeOptions(settings, persistence, parse.GetValue(checkpoints),
                ConfigurationFactory.ParseString(string.Join('\n', overrides)),
                roleList.Contains(ClusterRoles.Trainer) ? new ClassifierWorkloadFactory(new DatasetCache()) : null, Faults: faults, SweepLocks: sweepLocks);
            var node = ClusterNodeHost.Start(options, nodeName);
            Console.WriteLine($"node {node.Address} roles [{string.Join(",", roleList)}] up");
            await node.System.WhenTerminated.WaitAsync(cancel).ContinueWith(_ => { }, TaskScheduler.Default);
            if (!node.System.WhenTerminated.IsCompleted) await node.LeaveAsync();
            var code = NodeExit.Code(CoordinatedShutdown.Get(node.System).ShutdownReason);
            if (code == NodeExit.TlsRefused)
                Console.Error.WriteLine("error: a TLS handshake with a cluster peer failed (its certificate or this member's is not signed by the CA the other trusts, or one side runs without TLS); the log above names the peer");
            return code;
        });
        return command;
    }

    /// <summary>
    /// Coordinators must share one database: the singleton moves between coordinator members on fail-over, and its
    /// successor recovers the sweeps from the journal, which a node-local SQLite file would hide from it.
    /// </summary>
    private static JournalSettings CoordinatorJournal(string? provider, string? connection)
    {
        if (provider is null || provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("a coordinator member needs the cluster's shared journal: --journal-provider postgres --journal-connection \"...\" " +
                                        "(a SQLite file is local to one node, so the coordinator's successor after a fail-over could not recover from it)");
        return JournalSettings.FromOptions(provider, connection, JournalSettings.DefaultFileName);
    }
}
