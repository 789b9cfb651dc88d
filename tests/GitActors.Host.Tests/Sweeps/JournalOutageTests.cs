namespace GitActors.Host.Tests.Sweeps;

/// <summary>
/// A local `sweep run` whose PostgreSQL journal goes down mid-run (the run is held at a fault point while the server
/// stops, so the outage hits a known write): it ends with one stderr line and exit code 5, not a stack trace; what was
/// recorded before is still there when the server is back, and `sweep resume` completes the sweep, every run once.
/// </summary>
[Collection(RealProcessCollection.Name)]
public sealed class JournalOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Phase = TimeSpan.FromMinutes(3);
    private const string Held = "step:1:1";

    [Fact]
    public async Task A_PostgreSQL_journal_going_down_mid_run_ends_sweep_run_with_one_line_and_exit_code_5_and_resume_completes_it()
    {
        using var postgres = LocalPostgres.Start();
        var connection = postgres.CreateDatabase();
        using var temp = new TempFolder();
        var spec = temp.File("tiny.conf", TinySweep.Text);
        var sweepId = TinySweep.SweepId(spec);
        string[] journal = ["--out", Path.Combine(temp.Path, "out"), "--journal-provider", "postgres", "--journal-connection", connection];
        string[] engine = ["--cpu-slots", "1", "--threads-per-slot", "1"];

        IReadOnlyList<ISweepEvent> before;
        using (var run = CliProcess.StartHeld(temp.Path, Held, "any", ["sweep", "run", spec, .. journal, .. engine]))
        {
            await run.WaitUntilHeldAsync(Held, Phase);
            before = await PostgresJournalProbe.EventsAsync(connection, sweepId);
            postgres.Stop();
            run.Release();   // the epoch's end is the next write: it fails
            var code = await run.WaitForExitAsync(Phase);
            output.WriteLine($"sweep run: exit {code}: {run.Stderr.Trim()}");
            Assert.True(code == 5, $"exit {code}\n{run.Stdout}\n{run.Stderr}");
            var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"error: the journal of sweep {sweepId} is unavailable (", line);
            Assert.EndsWith($"run `gitactors sweep resume {sweepId}` once it is back", line);
        }

        postgres.Restart();
        var kept = await PostgresJournalProbe.EventsAsync(connection, sweepId);
        Assert.Equal(before.Select(e => e.GetType()), kept.Take(before.Count).Select(e => e.GetType()));
        var (resumed, stdout, stderr) = await CliProcess.RunAsync(temp.Path, Phase, ["sweep", "resume", sweepId, .. journal, .. engine]);
        Assert.True(resumed == 0, $"sweep resume: exit {resumed}\n{stdout}\n{stderr}");
        var events = await PostgresJournalProbe.EventsAsync(connection, sweepId);
        var runIds = Assert.Single(events.OfType<SweepStarted>()).Runs.Select(r => r.RunId).ToList();
        Assert.Equal(2, runIds.Count);
        foreach (var runId in runIds) Assert.Single(events.OfType<RunCompleted>(), e => e.RunId == runId);
        Assert.Single(events.OfType<SweepCompleted>());
    }
}
