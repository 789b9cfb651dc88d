namespace GitActors.Host.Tests.Cluster;

/// <summary>
/// One writer per sweep across a cluster and local processes sharing a PostgreSQL journal: the coordinator holds the
/// writer lock of every sweep it hosts. A sweep a local `sweep run` is writing is not admitted (`sweep run --cluster`
/// exits 3 naming the local process); while the cluster trains it (its member held mid-epoch) a local `sweep resume`
/// is refused naming the member; after kill -9 of the member a local resume takes the sweep and trains.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class ClusterJournalLockTests(ClusterPostgres postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Phase = TimeSpan.FromMinutes(3);
    private const string Held = "step:1:1";

    [Fact]
    public async Task The_coordinator_holds_the_lock_of_the_sweep_it_runs_and_local_writers_are_refused_both_ways()
    {
        using var temp = new TempFolder();
        var journal = postgres.Server.CreateDatabase("cluster_lock");
        var spec = temp.File("tiny.conf", TinySweep.Text);
        var sweepId = TinySweep.SweepId(spec);
        string[] pg = ["--journal-provider", "postgres", "--journal-connection", journal];
        string[] local = ["--out", Path.Combine(temp.Path, "local"), "--cpu-slots", "1", "--threads-per-slot", "1"];
        using var nodes = new NodeProcesses(temp.Path, journal);
        var member = await nodes.StartAsync("coordinator,trainer", Startup, Held);
        await nodes.WaitForCoordinatorAsync(nodes.Nodes, Startup);

        // A local process writes the sweep: the cluster does not admit it.
        using (var writer = CliProcess.StartHeld(temp.Path, Held, "any", ["sweep", "run", spec, .. pg, .. local]))
        {
            await writer.WaitUntilHeldAsync(Held, Phase);
            var (code, stdout, stderr) = await CliProcess.RunAsync(temp.Path, Phase, ["sweep", "run", spec, "--cluster", nodes.Seed, .. pg]);
            output.WriteLine($"sweep run --cluster: exit {code}: {Refusal(stderr)}");
            Assert.True(code == 3, $"exit {code}\n{stdout}\n{stderr}\n{nodes.Logs()}");
            Assert.Contains($"the cluster did not admit sweep {sweepId}: ", Refusal(stderr));
            Assert.Contains($"in use by pid {writer.Pid} on host {Environment.MachineName}", Refusal(stderr));
            writer.Kill();
        }

        // The cluster takes it now, and holds its member mid-epoch: a local writer of the sweep is refused, naming the member.
        using var client = CliProcess.Start(temp.Path, ["sweep", "run", spec, "--cluster", nodes.Seed, .. pg]);
        await member.Process.WaitUntilHeldAsync(Held, Phase);
        var resume = await CliProcess.RunAsync(temp.Path, Phase, ["sweep", "resume", sweepId, .. pg, .. local]);
        output.WriteLine($"sweep resume: exit {resume.Code}: {Refusal(resume.Stderr)}");
        Assert.True(resume.Code == 3, $"exit {resume.Code}\n{resume.Stdout}\n{resume.Stderr}\n{nodes.Logs()}");
        Assert.Contains($"in use by pid {member.Process.Pid} on host {Environment.MachineName}", Refusal(resume.Stderr));

        // kill -9 of the member ends its database session and with it the lock: a local resume takes the sweep and trains.
        member.Process.Kill();
        client.Kill();
        using var next = CliProcess.StartHeld(temp.Path, Held, "any", ["sweep", "resume", sweepId, .. pg, .. local]);
        await next.WaitUntilHeldAsync(Held, Phase);
        next.Kill();
    }

    /// <summary>The one "error: " line (a cluster client may also log Akka warnings on stderr).</summary>
    private static string Refusal(string stderr) =>
        stderr.Split('\n').SingleOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal)) ?? "";
}
