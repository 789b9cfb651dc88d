using System.Diagnostics;

namespace GitActors.Host.Tests.Cluster;

/// <summary>
/// `gitactors node` as a service manager sees it: a coordinator member refuses a node-local journal, and a member the
/// cluster downed exits non-zero (so a restart-on-failure unit brings it back) instead of 0 as if asked to stop.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class NodeExitTests(ClusterPostgres postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData]
    [InlineData("--journal-provider", "sqlite")]
    public async Task A_coordinator_member_refuses_a_node_local_SQLite_journal(params string[] journal)
    {
        using var temp = new TempFolder();

        var (code, stdout, stderr) = await CliProcess.RunAsync(temp.Path, Startup, ["node", "--roles", "coordinator,trainer", "--port", "0", .. journal]);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: a coordinator member needs the cluster's shared journal: --journal-provider postgres", line);
    }

    [Fact]
    public async Task A_member_the_cluster_downed_exits_with_code_4()
    {
        using var temp = new TempFolder();
        using var nodes = new NodeProcesses(temp.Path, postgres.Server.CreateDatabase("node_exit"));
        await nodes.StartAsync("coordinator,trainer", Startup);
        await nodes.StartAsync("trainer", Startup);
        var trainer = await nodes.StartAsync("trainer", Startup);
        await nodes.WaitUntilUpAsync(Startup);

        // Frozen (SIGSTOP), the trainer stops answering heartbeats and the majority (the other two) downs it; thawed
        // (SIGCONT), it learns that and shuts down. Three members, so the split-brain resolver has a majority.
        Signal("STOP", trainer.Process.Pid);
        // Both survivors must have removed it before it thaws: a survivor that had not could side with it, and the two
        // would down the coordinator instead (seen once when only the first member was waited for).
        foreach (var survivor in nodes.Nodes.Where(n => n != trainer))
            await survivor.Process.WaitForLineAsync($"member removed {trainer.Address} (was Down)", Startup);
        Signal("CONT", trainer.Process.Pid);
        var code = await trainer.Process.WaitForExitAsync(Startup);

        output.WriteLine($"downed member exited {code}");
        Assert.True(code == 4, $"exit {code}\n{nodes.Logs()}");
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", $"{pid}"]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
