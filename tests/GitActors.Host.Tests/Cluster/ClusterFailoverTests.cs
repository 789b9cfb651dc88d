using System.Diagnostics;

namespace GitActors.Host.Tests.Cluster;

/// <summary>One private PostgreSQL server for the cluster tests; each test gets a fresh database.</summary>
public sealed class ClusterPostgres : IDisposable
{
    internal LocalPostgres Server { get; } = LocalPostgres.Start();

    public void Dispose() => Server.Dispose();
}

/// <summary>
/// Cluster tests run three node processes with seconds-scale failure detection: they run alone, so other test classes
/// of this project do not starve the members' heartbeats on a 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessClusterCollection : ICollectionFixture<ClusterPostgres>
{
    public const string Name = "process-cluster";
}

/// <summary>
/// Three real `gitactors node` processes on 127.0.0.1 (two able to host the coordinator singleton, one trainer only),
/// a PostgreSQL journal, a shared checkpoint folder, and a 4-run sweep submitted with `sweep run --cluster`. A member is
/// killed with kill -9 mid-sweep while it is held at a named fault point (so the sweep cannot finish or move on before
/// the kill); the sweep still completes every run exactly once, continuing interrupted runs from their last checkpoint
/// on another node.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class ClusterFailoverTests(ClusterPostgres postgres, ITestOutputHelper output)
{
    private const int Epochs = 3;
    private const int Runs = 4;

    private static readonly string SweepText = TinySweep.Spec("cluster-failover", seeds: 2, epochs: Epochs);

    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Phase = TimeSpan.FromMinutes(3);

    /// <summary>The fault point members are held at: before the second epoch of the first run they train.</summary>
    private const string Held = "step:2:0";

    [Fact]
    public async Task A_trainer_node_killed_mid_run_its_run_continues_from_its_checkpoint_on_another_node()
    {
        using var temp = new TempFolder();
        var clock = Stopwatch.StartNew();
        var (journal, spec, sweepId, nodes, victim) = await StartClusterAsync(temp, "trainer_kill", trainerHold: Held, coordinatorHold: null);
        using var _ = nodes;
        Lap(clock, "3 nodes up");

        using var client = Submit(temp, spec, nodes, journal);
        // The trainer-only node is held before the second epoch of its first run; the run cannot finish meanwhile.
        var heldRun = CliProcess.HeldRun(await victim.Process.WaitUntilHeldAsync(Held, Phase));
        // Its first epoch was reported before the hold; kill once the coordinator (another node) has it in the journal.
        var interrupted = await WaitForAsync(journal, sweepId, events => FirstEpochOn(events, heldRun, victim.Name), client, nodes);
        victim.Process.Kill();
        Lap(clock, $"killed trainer {victim.Name} after epoch {interrupted.Epoch} of run {interrupted.RunId}");

        await ExpectSuccessAsync(client, nodes);
        Lap(clock, "sweep finished");
        var events = await PostgresJournalProbe.EventsAsync(journal, sweepId);
        AssertEveryRunCompletedOnce(events);
        // The interrupted run started again on a surviving node, from the checkpoint of an epoch above 0.
        var resumed = events.OfType<RunStarted>().Where(e => e.RunId == interrupted.RunId).SkipWhile(e => e.FencingToken <= interrupted.FencingToken).ToList();
        var next = Assert.Single(resumed);
        Assert.NotEqual(victim.Name, next.Node);
        Assert.InRange(next.ResumeFromEpoch, interrupted.Epoch, Epochs);
        var completed = events.OfType<RunCompleted>().Single(e => e.RunId == interrupted.RunId);
        Assert.Equal(next.FencingToken, completed.FencingToken);

        // The read-side verbs work against the cluster's PostgreSQL journal.
        var status = await CliProcess.RunAsync(temp.Path, Phase, "sweep", "status", sweepId, "--journal-provider", "postgres", "--journal-connection", journal, "--json");
        Assert.True(status.Code == 0, status.Stderr);
        Assert.Equal(Runs, CountOccurrences(status.Stdout, "\"state\": \"completed\""));
        var runs = await CliProcess.RunAsync(temp.Path, Phase, "journal", "runs", sweepId, "--journal-provider", "postgres", "--journal-connection", journal, "--json");
        Assert.True(runs.Code == 0, runs.Stderr);
        Assert.Contains(interrupted.RunId, runs.Stdout);
        Lap(clock, "status and journal verbs read PostgreSQL");
    }

    [Fact]
    public async Task The_node_hosting_the_coordinator_killed_the_singleton_moves_recovers_and_the_sweep_completes()
    {
        using var temp = new TempFolder();
        var clock = Stopwatch.StartNew();
        var (journal, spec, sweepId, nodes, _) = await StartClusterAsync(temp, "coordinator_kill", trainerHold: null, coordinatorHold: Held);
        using var __ = nodes;
        var coordinators = nodes.Nodes.Where(n => n.Coordinator).ToList();
        var host = await nodes.WaitForCoordinatorAsync(coordinators, Startup);
        Lap(clock, $"3 nodes up; the coordinator singleton is on {host.Name}");

        using var client = Submit(temp, spec, nodes, journal);
        // Both coordinator members are held before the second epoch of their first run, so the sweep cannot finish and
        // the singleton's node has a run in flight. Kill it once the trainer-only node has completed a run (the
        // successor must not train that one again).
        await host.Process.WaitUntilHeldAsync(Held, Phase);
        await WaitForAsync(journal, sweepId, events => events.OfType<RunCompleted>().FirstOrDefault(), client, nodes);
        host.Process.Kill();
        Lap(clock, $"killed the coordinator's node {host.Name}");
        var other = coordinators.Single(n => n != host);
        other.Process.Release();

        var successor = await nodes.WaitForCoordinatorAsync([other], Phase);
        Lap(clock, $"the singleton moved to {successor.Name}");
        await successor.Process.WaitForLineAsync("1 open sweep(s)", Phase);
        await ExpectSuccessAsync(client, nodes);
        Lap(clock, "sweep finished; the submitting client followed it across the move");
        var events = await PostgresJournalProbe.EventsAsync(journal, sweepId);
        AssertEveryRunCompletedOnce(events);
        // The runs the dead node was training (if any) continued elsewhere.
        var lost = events.OfType<RunStarted>().Where(e => e.Node == host.Name).Select(e => e.RunId).Where(id =>
            events.OfType<RunCompleted>().Single(c => c.RunId == id).FencingToken != events.OfType<RunStarted>().Last(s => s.RunId == id && s.Node == host.Name).FencingToken);
        foreach (var runId in lost)
            Assert.NotEqual(host.Name, events.OfType<RunStarted>().Last(e => e.RunId == runId).Node);
    }

    /// <summary>
    /// The journal goes down under the cluster, and the coordinator's node dies during the outage: its successor cannot
    /// read the journal, so its recovery fails until PostgreSQL is back (at least 20 s after it stopped). It is started again with backoff
    /// meanwhile, and the sweep completes every run exactly once.
    /// </summary>
    [Fact]
    public async Task PostgreSQL_down_for_at_least_20_s_while_the_coordinator_moves_the_sweep_completes_every_run_once()
    {
        using var temp = new TempFolder();
        var clock = Stopwatch.StartNew();
        var (journal, spec, sweepId, nodes, _) = await StartClusterAsync(temp, "journal_outage", trainerHold: null, coordinatorHold: Held);
        using var __ = nodes;
        var coordinators = nodes.Nodes.Where(n => n.Coordinator).ToList();
        var host = await nodes.WaitForCoordinatorAsync(coordinators, Startup);
        using var client = Submit(temp, spec, nodes, journal);
        await host.Process.WaitUntilHeldAsync(Held, Phase);
        await WaitForAsync(journal, sweepId, events => events.OfType<RunCompleted>().FirstOrDefault(), client, nodes);

        postgres.Server.Stop();
        var outage = Stopwatch.StartNew();
        host.Process.Kill();
        var other = coordinators.Single(n => n != host);
        other.Process.Release();
        Lap(clock, $"PostgreSQL stopped; killed the coordinator's node {host.Name}");
        var successor = await nodes.WaitForCoordinatorAsync([other], Phase);
        await other.Process.WaitForLineAsync("the coordinator could not read its journal", Phase);
        if (TimeSpan.FromSeconds(20) - outage.Elapsed is { Ticks: > 0 } rest) await Task.Delay(rest);
        postgres.Server.Restart();
        Lap(clock, $"PostgreSQL back after {outage.Elapsed.TotalSeconds:F0} s; the singleton is on {successor.Name}");

        await successor.Process.WaitForLineAsync("1 open sweep(s)", Phase);
        await ExpectSuccessAsync(client, nodes);
        Lap(clock, "sweep finished");
        AssertEveryRunCompletedOnce(await PostgresJournalProbe.EventsAsync(journal, sweepId));
    }

    /// <summary>
    /// A fresh journal database and three nodes on it: two that can host the coordinator, one trainer only; each kind
    /// held at its fault point when one is given.
    /// </summary>
    private async Task<(string Journal, string Spec, string SweepId, NodeProcesses Nodes, NodeProcess TrainerOnly)> StartClusterAsync(
        TempFolder temp, string database, string? trainerHold, string? coordinatorHold)
    {
        var journal = postgres.Server.CreateDatabase(database);
        var spec = temp.File("sweep.conf", SweepText);
        var nodes = new NodeProcesses(temp.Path, journal);
        try
        {
            await nodes.StartAsync("coordinator,trainer", Startup, coordinatorHold);
            await nodes.StartAsync("coordinator,trainer", Startup, coordinatorHold);
            var trainerOnly = await nodes.StartAsync("trainer", Startup, trainerHold);
            await nodes.WaitUntilUpAsync(Startup);
            return (journal, spec, TinySweep.SweepId(spec), nodes, trainerOnly);
        }
        catch
        {
            nodes.Dispose();
            throw;
        }
    }

    private static CliProcess Submit(TempFolder temp, string spec, NodeProcesses nodes, string journal) =>
        CliProcess.Start(temp.Path, "sweep", "run", spec, "--cluster", nodes.Seed, "--journal-provider", "postgres", "--journal-connection", journal);

    /// <summary>The EpochCompleted of epoch 1 of the run's current attempt, when that attempt is on the node.</summary>
    private static EpochCompleted? FirstEpochOn(IReadOnlyList<ISweepEvent> events, string runId, string node)
    {
        var start = events.OfType<RunStarted>().LastOrDefault(e => e.RunId == runId);
        return start is null || start.Node != node ? null
            : events.OfType<EpochCompleted>().SingleOrDefault(e => e.RunId == runId && e.Epoch == 1 && e.FencingToken == start.FencingToken);
    }

    private static async Task<T> WaitForAsync<T>(string journal, string sweepId, Func<IReadOnlyList<ISweepEvent>, T?> condition, CliProcess client, NodeProcesses nodes)
        where T : class
    {
        var deadline = DateTime.UtcNow + Phase;
        while (true)
        {
            if (condition(await PostgresJournalProbe.EventsAsync(journal, sweepId)) is { } found) return found;
            if (client.HasExited) throw new InvalidOperationException($"the client exited before the awaited event.\n{client.Stdout}\n{client.Stderr}\n{nodes.Logs()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the awaited event did not come within {Phase}.\n{client.Stdout}\n{nodes.Logs()}");
            await Task.Delay(100);
        }
    }

    private static async Task ExpectSuccessAsync(CliProcess client, NodeProcesses nodes)
    {
        int code;
        try { code = await client.WaitForExitAsync(Phase); }
        catch (TimeoutException e) { throw new TimeoutException(e.Message + "\n" + nodes.Logs(), e); }
        Assert.True(code == 0, $"sweep run --cluster exited {code}:\n{client.Stdout}\n{client.Stderr}\n{nodes.Logs()}");
        Assert.Contains($"{Runs} completed, 0 failed of {Runs} runs", client.Stdout);
    }

    /// <summary>Every planned run has exactly one RunCompleted, nothing happens to it afterwards, and the sweep completed once.</summary>
    private static void AssertEveryRunCompletedOnce(IReadOnlyList<ISweepEvent> events)
    {
        var runIds = Assert.Single(events.OfType<SweepStarted>()).Runs.Select(r => r.RunId).ToList();
        Assert.Equal(Runs, runIds.Count);
        foreach (var runId in runIds)
        {
            var runEvents = events.OfType<IRunEvent>().Where(e => e.RunId == runId).ToList();
            var completed = Assert.Single(runEvents.OfType<RunCompleted>());
            Assert.Same(completed, runEvents[^1]);
            Assert.Equal(Epochs, completed.Result.Epochs);
        }
        var sweepCompleted = Assert.Single(events.OfType<SweepCompleted>());
        Assert.Equal((Runs, 0), (sweepCompleted.Completed, sweepCompleted.Failed));
    }

    private static int CountOccurrences(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private void Lap(Stopwatch clock, string what)
    {
        output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  {what}");
        Console.WriteLine($"[cluster test] {clock.Elapsed.TotalSeconds,6:F1} s  {what}");
    }
}
