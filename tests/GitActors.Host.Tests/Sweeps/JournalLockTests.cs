namespace GitActors.Host.Tests.Sweeps;

/// <summary>
/// One writer per journal, with real processes: while a `sweep run` is held mid-epoch (gitactors-faults, so nothing
/// races), a second `sweep run`, a `sweep resume` and a `sweep retry-failed` of the same sweep are each refused with
/// one stderr line naming the holder's pid, host and start, exit code 3, and write nothing. After kill -9 of the holder
/// the next `sweep resume` takes the journal and trains (it reaches the same fault point). For a SQLite journal (a lock
/// file beside it) and a PostgreSQL one (an advisory lock per sweep).
/// </summary>
[Collection(RealProcessCollection.Name)]
public sealed class JournalLockTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Phase = TimeSpan.FromMinutes(3);
    private const string Held = "step:1:1";

    [Fact]
    public async Task A_second_writer_of_a_SQLite_journal_is_refused_and_a_killed_holder_leaves_no_lock()
    {
        using var temp = new TempFolder();
        var spec = temp.File("tiny.conf", TinySweep.Text);
        var sweepId = TinySweep.SweepId(spec);
        var outFolder = Path.Combine(temp.Path, "out");
        var journal = TinySweep.Journal(outFolder);

        await RefusedWhileHeldThenFreedByKillAsync(temp, spec, sweepId, ["--out", outFolder], () => JournalProbe.Events(journal, sweepId));

        // The lock file stays beside the journal and names its latest holder (for `cat`).
        Assert.StartsWith($"host={Environment.MachineName} pid=", File.ReadAllText(journal + ".lock"));
    }

    [Fact]
    public async Task A_second_writer_of_a_sweep_in_a_PostgreSQL_journal_is_refused_and_a_killed_holder_leaves_no_lock()
    {
        using var postgres = LocalPostgres.Start();
        var connection = postgres.CreateDatabase();
        using var temp = new TempFolder();
        var spec = temp.File("tiny.conf", TinySweep.Text);
        var sweepId = TinySweep.SweepId(spec);

        await RefusedWhileHeldThenFreedByKillAsync(temp, spec, sweepId,
            ["--out", Path.Combine(temp.Path, "out"), "--journal-provider", "postgres", "--journal-connection", connection],
            () => PostgresJournalProbe.EventsAsync(connection, sweepId).GetAwaiter().GetResult());
    }

    private async Task RefusedWhileHeldThenFreedByKillAsync(TempFolder temp, string spec, string sweepId, string[] journal, Func<IReadOnlyList<ISweepEvent>> events)
    {
        string[] engine = ["--cpu-slots", "1", "--threads-per-slot", "1"];
        using (var holder = CliProcess.StartHeld(temp.Path, Held, "any", ["sweep", "run", spec, .. journal, .. engine]))
        {
            await holder.WaitUntilHeldAsync(Held, Phase);
            var before = events();
            Assert.Single(before.OfType<RunStarted>());

            string[][] writers = [["sweep", "run", spec], ["sweep", "resume", sweepId], ["sweep", "retry-failed", sweepId]];
            foreach (var writer in writers)
            {
                var (code, stdout, stderr) = await CliProcess.RunAsync(temp.Path, Phase, [.. writer, .. journal, .. engine]);
                output.WriteLine($"{string.Join(' ', writer[..2])}: exit {code}: {stderr.Trim()}");
                Assert.True(code == 3, $"{string.Join(' ', writer[..2])}: exit {code}\n{stdout}\n{stderr}");
                var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.StartsWith("error: ", line);
                Assert.Contains($"in use by pid {holder.Pid} on host {Environment.MachineName} since ", line);
                Assert.Contains(sweepId, line);
            }
            // The refused processes wrote nothing.
            Assert.Equal(before.Count, events().Count);
            holder.Kill();
        }

        // The OS (or PostgreSQL, when the session died) released the lock with the process: the next writer trains.
        using var next = CliProcess.StartHeld(temp.Path, Held, "any", ["sweep", "resume", sweepId, .. journal, .. engine]);
        await next.WaitUntilHeldAsync(Held, Phase);
        var after = events();
        Assert.Equal(2, after.OfType<RunStarted>().Count());
        Assert.Single(after.OfType<SweepStarted>());
        next.Kill();
    }
}
