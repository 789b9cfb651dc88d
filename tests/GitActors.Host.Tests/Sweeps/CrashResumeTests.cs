using System.Diagnostics;
using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Experiments.Sweeps;

namespace GitActors.Host.Tests.Sweeps;

/// <summary>
/// kill -9 of real `gitactors sweep run` processes held at four named fault points (mid-epoch; right after a checkpoint
/// is on disk but before its EpochCompleted is journalled; at a run's final evaluation; after the last RunCompleted but
/// before SweepCompleted), with the newest recorded checkpoint truncated between two of them, then a resume to the end:
/// every run completes exactly once, nothing finished is retrained, and every metric equals an uninterrupted run of the
/// same spec. The process is held at each point (gitactors-faults) until it is killed, so nothing races the kill.
/// </summary>
[Collection(RealProcessCollection.Name)]
public sealed class CrashResumeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Phase = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Killed_at_four_points_and_resumed_the_sweep_ends_exactly_like_an_uninterrupted_one()
    {
        using var temp = new TempFolder();
        var spec = temp.File("tiny.conf", TinySweep.Text);
        var sweepId = TinySweep.SweepId(spec);
        var reference = Path.Combine(temp.Path, "reference");
        var crashed = Path.Combine(temp.Path, "crashed");
        var journal = TinySweep.Journal(crashed);
        var clock = Stopwatch.StartNew();

        // The reference: one uninterrupted process.
        var (code, stdout, stderr) = await CliProcess.RunAsync(temp.Path, Phase, "sweep", "run", spec, "--out", reference, "--threads-per-slot", "1");
        Assert.True(code == 0, $"reference run failed ({code}):\n{stdout}\n{stderr}");
        Assert.Contains("2 completed, 0 failed of 2 runs", stdout);
        Lap(clock, "reference sweep (2 runs x 3 epochs)");

        // (a) mid-epoch: held before step 2 of epoch 2 of the first run. One CPU slot: the other run waits in the queue.
        using (var first = Start(temp, "step:2:2", "run", spec, crashed))
        {
            await first.WaitUntilHeldAsync("step:2:2", Phase);
            // Epoch 1's EpochCompleted is persisted by the supervisor while the trainer is held in epoch 2.
            await JournalProbe.WaitForCountAsync(journal, JournalProbe.EpochCompleted, 1, Phase, first);
            first.Kill();
        }
        Assert.Equal(1, JournalProbe.Count(journal, JournalProbe.EpochCompleted));
        Lap(clock, "(a) killed mid-epoch 2");

        // (b) resume (no spec needed); held the moment a checkpoint of epoch 2 is on disk, before its event exists.
        string orphanRun;
        using (var second = Start(temp, "checkpoint:2", "resume", sweepId, crashed))
        {
            orphanRun = CliProcess.HeldRun(await second.WaitUntilHeldAsync("checkpoint:2", Phase));
            second.Kill();
        }
        Lap(clock, "(b) killed between a checkpoint and its EpochCompleted");
        var killedB = await TinySweep.EventsAsync(crashed, sweepId);
        var orphanToken = killedB.OfType<RunStarted>().Last(s => s.RunId == orphanRun).FencingToken;
        var orphan = CheckpointStore.PathFor(crashed, sweepId, orphanRun, 2, orphanToken);
        Assert.True(File.Exists(orphan), $"the epoch-2 checkpoint {orphan} is on disk");
        Assert.DoesNotContain(killedB.OfType<EpochCompleted>(), e => e.RunId == orphanRun && e.Epoch == 2);
        var newest = killedB.OfType<EpochCompleted>().Last();
        Assert.InRange(newest.Epoch, 1, 2);
        Assert.True(File.Exists(newest.CheckpointPath), "the checkpoint an EpochCompleted names is on disk before the event");
        // Truncate the newest recorded checkpoint: the run's next attempt must reject it and resume from the one before.
        var bytes = await File.ReadAllBytesAsync(newest.CheckpointPath);
        await File.WriteAllBytesAsync(newest.CheckpointPath, bytes[..(bytes.Length / 2)]);

        // (c) during evaluation: relaunching the spec resumes the sweep; held when a run's final evaluation starts.
        using (var third = Start(temp, "evaluation", "run", spec, crashed))
        {
            await third.WaitUntilHeldAsync("evaluation", Phase);
            // `sweep status` is read-only and safe while the sweep is running.
            var status = await CliProcess.RunAsync(temp.Path, Phase, "sweep", "status", sweepId, "--out", crashed, "--json");
            Assert.True(status.Code == 0, status.Stderr);
            Assert.Contains("\"state\": \"running\"", status.Stdout);
            third.Kill();
        }
        Lap(clock, "(c) killed in a final evaluation");
        Assert.Empty((await TinySweep.EventsAsync(crashed, sweepId)).OfType<RunCompleted>());

        // (d) held after the last RunCompleted is journalled and before SweepCompleted is.
        using (var fourth = Start(temp, "sweep-completing", "resume", sweepId, crashed))
        {
            await fourth.WaitUntilHeldAsync("sweep-completing", Phase);
            fourth.Kill();
        }
        Lap(clock, "(d) killed between the last RunCompleted and SweepCompleted");
        var killedD = await TinySweep.EventsAsync(crashed, sweepId);
        Assert.Equal(2, killedD.OfType<RunCompleted>().Count());
        Assert.Empty(killedD.OfType<SweepCompleted>());

        // The last resume records the sweep's end and trains nothing.
        using (var last = Start(temp, null, "resume", sweepId, crashed))
        {
            var exit = await last.WaitForExitAsync(Phase);
            Assert.True(exit == 0, $"final resume failed ({exit}):\n{last.Stdout}\n{last.Stderr}");
            Assert.Contains("2 completed, 0 failed of 2 runs", last.Stdout);
        }
        Lap(clock, "final resume to the end");

        var expected = await TinySweep.EventsAsync(reference, sweepId);
        var actual = await TinySweep.EventsAsync(crashed, sweepId);
        // ... by adding exactly one event: SweepCompleted.
        Assert.Equal(killedD.Count + 1, actual.Count);
        Assert.IsType<SweepCompleted>(actual[^1]);
        var runIds = expected.OfType<SweepStarted>().First().Runs.Select(r => r.RunId).ToList();
        Assert.Equal(2, runIds.Count);
        foreach (var runId in runIds)
        {
            var events = actual.OfType<IRunEvent>().Where(e => e.RunId == runId).ToList();
            var completed = Assert.Single(events.OfType<RunCompleted>());
            // Nothing happens to a run after it completed: no attempt starts, no epoch is trained.
            Assert.Same(completed, events[^1]);
            var want = expected.OfType<RunCompleted>().Single(e => e.RunId == runId).Result;
            var got = completed.Result;
            Assert.Equal(want.BalancedAccuracy, got.BalancedAccuracy);
            Assert.Equal(want.Top1, got.Top1);
            Assert.Equal(want.Top5, got.Top5);
            Assert.Equal(want.PerClassAccuracy, got.PerClassAccuracy);
            Assert.Equal(want.TrainClassCounts, got.TrainClassCounts);
            var (wantEkld, gotEkld) = (Assert.Single(want.Ekld), Assert.Single(got.Ekld));
            Assert.Equal(wantEkld.PerClassEkld, gotEkld.PerClassEkld);
            Assert.Equal(wantEkld.PerClassArgmaxAgreement, gotEkld.PerClassArgmaxAgreement);
            // The epochs the surviving attempts recorded match the reference's, epoch by epoch.
            var wantEpochs = expected.OfType<EpochCompleted>().Where(e => e.RunId == runId).Select(e => (e.Epoch, e.TrainLoss, e.BalancedAccuracy));
            var gotEpochs = events.OfType<EpochCompleted>().GroupBy(e => e.Epoch).Select(g => g.Last()).Select(e => (e.Epoch, e.TrainLoss, e.BalancedAccuracy));
            Assert.Equal(wantEpochs, gotEpochs.OrderBy(e => e.Epoch));
        }
        // The truncated checkpoint was caught by its hash and the run went back to the checkpoint before it.
        var rejected = Assert.Single(actual.OfType<CheckpointRejected>());
        Assert.Equal((newest.RunId, newest.Epoch, newest.CheckpointPath), (rejected.RunId, rejected.Epoch, rejected.CheckpointPath));
        Assert.Contains("expected " + newest.CheckpointSha256, rejected.Reason);
        var afterRejection = actual.OfType<IRunEvent>().Where(e => e.RunId == newest.RunId).SkipWhile(e => !ReferenceEquals(e, rejected));
        Assert.Equal(newest.Epoch, afterRejection.OfType<EpochCompleted>().First().Epoch);
        // The orphan checkpoint of (b) was never trusted: its run trained epoch 2 again and recorded it.
        Assert.Contains(actual.OfType<EpochCompleted>(), e => e.RunId == orphanRun && e.Epoch == 2);
        // Every attempt trained from the epoch after the checkpoint it resumed from, not from scratch.
        ResumeChecks.EveryAttemptStartsAfterItsCheckpoint(actual);
        Assert.Empty(actual.OfType<RunFailed>());
        Assert.Single(actual.OfType<SweepCompleted>());
        output.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>`sweep VERB TARGET` on one CPU slot, held at <paramref name="point"/> when one is given.</summary>
    private static CliProcess Start(TempFolder temp, string? point, string verb, string target, string outputFolder)
    {
        string[] args = ["sweep", verb, target, "--out", outputFolder, "--cpu-slots", "1", "--threads-per-slot", "1"];
        return point is null ? CliProcess.Start(temp.Path, args) : CliProcess.StartHeld(temp.Path, point, "any", args);
    }

    private void Lap(Stopwatch clock, string what)
    {
        output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  {what}");
        Console.WriteLine($"[crash test] {clock.Elapsed.TotalSeconds,6:F1} s  {what}");
    }
}
