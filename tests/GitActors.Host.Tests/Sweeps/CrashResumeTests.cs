using System.Diagnostics;
using GitActors.Actors.Journal;
using GitActors.Host.Tests.Support;
using Xunit.Abstractions;

namespace GitActors.Host.Tests.Sweeps;

/// <summary>
/// kill -9 of real `gitactors sweep run` processes at three points (mid-epoch, right after a checkpoint, during the final
/// evaluation), with the newest checkpoint truncated between two of them, then a resume to the end: every run completes
/// exactly once, nothing finished is retrained, and every metric equals an uninterrupted run of the same spec.
/// </summary>
public sealed class CrashResumeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Phase = TimeSpan.FromMinutes(3);
    private static readonly Dictionary<string, string> MidEpoch = new() { ["GITACTORS_TEST_PAUSE_AT"] = "step:2:2" };
    private static readonly Dictionary<string, string> AtEvaluation = new() { ["GITACTORS_TEST_PAUSE_AT"] = "evaluation" };

    [Fact]
    public async Task Killed_at_three_points_and_resumed_the_sweep_ends_exactly_like_an_uninterrupted_one()
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

        // (a) mid-epoch: the hook holds the trainer before step 2 of epoch 2 of the first run.
        using (var first = Start(temp, MidEpoch, "run", spec, crashed))
        {
            await first.WaitForLineAsync("test-hook: paused at step:2:2", Phase);
            // Epoch 1's EpochCompleted is persisted by the supervisor while the trainer goes on into epoch 2.
            await JournalProbe.WaitForCountAsync(journal, JournalProbe.EpochCompleted, 1, Phase, first);
            first.Kill();
        }
        Assert.Equal(1, JournalProbe.Count(journal, JournalProbe.EpochCompleted));
        Lap(clock, "(a) killed mid-epoch 2");

        // (b) right after a checkpoint: resume (no spec needed), kill the moment two more EpochCompleted are durable.
        // (An interrupted run rejoins the queue at the back, so these may be either run's; the second is of epoch 2 or 3.)
        using (var second = Start(temp, null, "resume", sweepId, crashed))
        {
            await JournalProbe.WaitForCountAsync(journal, JournalProbe.EpochCompleted, 3, Phase, second);
            second.Kill();
        }
        Lap(clock, "(b) killed right after a checkpoint");
        var newest = (await TinySweep.EventsAsync(crashed, sweepId)).OfType<EpochCompleted>().Last();
        Assert.InRange(newest.Epoch, 2, 3);
        Assert.True(File.Exists(newest.CheckpointPath), "the checkpoint an EpochCompleted names is on disk before the event");
        // Truncate that checkpoint: the run's next attempt must reject it and resume from the one before.
        var bytes = await File.ReadAllBytesAsync(newest.CheckpointPath);
        await File.WriteAllBytesAsync(newest.CheckpointPath, bytes[..(bytes.Length / 2)]);

        // (c) during evaluation: relaunching the spec resumes the sweep; kill when a run's final evaluation starts.
        using (var third = Start(temp, AtEvaluation, "run", spec, crashed))
        {
            await third.WaitForLineAsync("test-hook: paused at evaluation", Phase);
            // `sweep status` is read-only and safe while the sweep is running.
            var status = await CliProcess.RunAsync(temp.Path, Phase, "sweep", "status", sweepId, "--out", crashed, "--json");
            Assert.True(status.Code == 0, status.Stderr);
            Assert.Contains("\"state\": \"running\"", status.Stdout);
            third.Kill();
        }
        Lap(clock, "(c) killed in a final evaluation");
        Assert.Empty((await TinySweep.EventsAsync(crashed, sweepId)).OfType<RunCompleted>());

        // The last resume runs to the end.
        using (var last = Start(temp, null, "resume", sweepId, crashed))
        {
            var exit = await last.WaitForExitAsync(Phase);
            Assert.True(exit == 0, $"final resume failed ({exit}):\n{last.Stdout}\n{last.Stderr}");
        }
        Lap(clock, "final resume to the end");

        var expected = await TinySweep.EventsAsync(reference, sweepId);
        var actual = await TinySweep.EventsAsync(crashed, sweepId);
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
        Assert.Empty(actual.OfType<RunFailed>());
        Assert.Single(actual.OfType<SweepCompleted>());
        output.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static CliProcess Start(TempFolder temp, Dictionary<string, string>? environment, string verb, string target, string outputFolder) =>
        CliProcess.Start(temp.Path, environment, "sweep", verb, target, "--out", outputFolder, "--threads-per-slot", "1");

    private void Lap(Stopwatch clock, string what)
    {
        output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  {what}");
        Console.WriteLine($"[crash test] {clock.Elapsed.TotalSeconds,6:F1} s  {what}");
    }
}
