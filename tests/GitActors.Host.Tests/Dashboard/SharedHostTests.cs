using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace GitActors.Host.Tests.Dashboard;

/// <summary>
/// `sweep run --dashboard PORT`: the sweep and the dashboard in one process (one generic host, the engine's ActorSystem
/// from Akka.Hosting): while a run is held mid-sweep the dashboard answers from the journal, and when the sweep ends
/// the process exits 0 with the host stopped.
/// </summary>
public sealed class SharedHostTests
{
    private static readonly TimeSpan Phase = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_dashboard_serves_the_sweep_it_runs_in_the_same_process()
    {
        using var temp = new TempFolder();
        var spec = temp.File("tiny.conf", TinySweep.Spec("shared-host"));
        var sweepId = TinySweep.SweepId(spec);
        using var sweep = CliProcess.StartHeld(temp.Path, "step:2:0", "any", "sweep", "run", spec, "--out", Path.Combine(temp.Path, "out"),
            "--cpu-slots", "1", "--threads-per-slot", "1", "--dashboard", "0");
        await sweep.WaitUntilHeldAsync("step:2:0", Phase);
        var url = Regex.Match(sweep.Stdout, @"dashboard at (http://127\.0\.0\.1:\d+)/").Groups[1].Value;
        Assert.NotEmpty(url);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var status = JObject.Parse(await http.GetStringAsync($"{url}/api/sweeps/{sweepId}"));
        Assert.Equal(["running", "queued"], status["runs"]!.Select(r => (string)r["state"]!));
        Assert.Equal("cpu-0", (string)status["runs"]![0]!["device"]!);
        var page = await http.GetAsync($"{url}/sweeps/{sweepId}");
        Assert.True(page.IsSuccessStatusCode);
        Assert.Contains("shared-host", await page.Content.ReadAsStringAsync());

        sweep.Release();
        Assert.Equal(0, await sweep.WaitForExitAsync(Phase));
        Assert.Contains("2 completed, 0 failed of 2 runs", sweep.Stdout);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"{url}/api/sweeps"));
    }
}
