using Newtonsoft.Json.Linq;

namespace GitActors.Host.Tests.Chaos;

/// <summary>`gitactors chaos` on the crash tests' tiny sweep: real processes, real SIGKILLs, the real journals compared.</summary>
[Collection(RealProcessCollection.Name)]
public sealed class ChaosCommandTests
{
    [Fact]
    public async Task Chaos_kills_the_sweep_at_seeded_moments_and_reports_nothing_lost_duplicated_or_changed()
    {
        using var temp = new TempFolder();
        var spec = temp.File("tiny.conf", TinySweep.Text);
        var output = Path.Combine(temp.Path, "chaos");

        var (code, stdout, stderr) = await CliProcess.RunAsync(temp.Path, TimeSpan.FromMinutes(6),
            "chaos", spec, "--kills", "2", "--seed", "3", "--out", output, "--cpu-slots", "1", "--threads-per-slot", "1", "--json");

        Assert.True(code == 0, $"chaos exited {code}:\n{stdout}\n{stderr}");
        var report = JObject.Parse(stdout);
        Assert.Equal((2, 2, 2, 2), ((int)report["KillsRequested"]!, (int)report["KillsDelivered"]!, (int)report["Runs"]!, (int)report["CompletedExactlyOnce"]!));
        Assert.Empty(report["DuplicatedCompletions"]!);
        Assert.Empty(report["LostRuns"]!);
        Assert.Empty(report["MetricMismatches"]!);
        Assert.True((bool)report["Passed"]!);
        Assert.Equal(2, stderr.Split('\n').Count(line => line.Contains("killed after", StringComparison.Ordinal)));
        Assert.True(File.Exists(Path.Combine(output, "chaos.log")));
    }

    [Fact]
    public async Task Chaos_refuses_an_output_folder_that_already_holds_a_run()
    {
        using var temp = new TempFolder();
        var spec = temp.File("tiny.conf", TinySweep.Text);
        var output = Path.Combine(temp.Path, "chaos");
        Directory.CreateDirectory(Path.Combine(output, "reference"));
        temp.File("chaos/reference/journal.db", "an earlier run");

        var (code, stdout, stderr) = await CliProcess.RunAsync(temp.Path, TimeSpan.FromMinutes(1), "chaos", spec, "--kills", "1", "--out", output);

        Assert.Equal(2, code);
        Assert.Equal([$"error: {Path.Combine(output, "reference")} is not empty: chaos compares fresh runs, give it an empty --out"],
            stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", stdout);
    }
}
