using GitActors.Actors.Tests.Training;

namespace GitActors.Actors.Tests.Sweeps;

/// <summary>
/// A trainer stuck for good (a workload that blocks inside a step, as native code can) with the real supervisor, device
/// manager and trainers, and the SQLite journal: the stall is journalled, a fresh trainer on a new thread finishes the
/// run from its checkpoint, once.
/// </summary>
public sealed class StallRecoveryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gitactors-stall-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Unsticks the blocked workload once the sweep has its completion, so its thread ends with the test.</summary>
    private sealed class UnstickWhenDone(FakeWorkloadFactory factory) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value)
        {
            if (value.Completed + value.Failed == value.Total) factory.Unstick.Set();
        }
    }

    [Fact]
    public async Task A_run_whose_trainer_blocks_for_ever_is_journalled_stalled_and_completed_exactly_once_by_a_fresh_trainer()
    {
        // A short fixed deadline; a loaded machine may stall a healthy attempt too, which max-stalls (3) absorbs.
        var plan = new SweepPlan("stalled", "stall", [TestRuns.Run(1, epochs: 3)], new EngineSettings { StallTimeout = TimeSpan.FromSeconds(4) });
        var factory = new FakeWorkloadFactory(stepsPerEpoch: 4) { StallFirstAttemptAt = (1, 2, 1) };
        var journal = Path.Combine(_folder, "journal.db");
        JournalFile.PrepareForWriting(journal);
        var options = new SweepRunOptions(_folder, JournalConfig.Build(JournalSettings.Sqlite(journal)),
            ConfigurationFactory.ParseString("gitactors.devices.cpu-slots = 1\ngitactors.engine.chunk-steps = 2\nakka.loglevel = ERROR"),
            Devices: new FakeDeviceEnvironment());
        SweepStatus status;
        try
        {
            status = await SweepRunner.RunAsync(plan, factory, options, new UnstickWhenDone(factory)).WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            factory.Unstick.Set();
        }

        Assert.True(factory.Stuck.IsSet, "the first attempt never got stuck");
        var run = status.Runs[0];
        Assert.Equal((RunPhase.Completed, 0), (run.Phase, run.Failures));
        Assert.True(run.Attempt >= 2, $"completed by attempt {run.Attempt}");

        await using var reader = JournalReader.Open(JournalSettings.Sqlite(journal));
        var events = (await reader.SweepEvents(plan.SweepId)).Select(e => e.Event).ToList();
        var stalled = events.OfType<RunStalled>().First();
        Assert.Equal((1, true), (stalled.Attempt, stalled.WillRetry));
        Assert.True(stalled.ProgressReports > 0 && stalled.LastEpoch >= 1, $"last progress seen: epoch {stalled.LastEpoch}, step {stalled.LastStep}");
        var completed = Assert.Single(events.OfType<RunCompleted>());
        Assert.Equal(run.Attempt, completed.Attempt);
        // The attempt that completed resumed from epoch 1's checkpoint instead of starting over.
        Assert.True(events.OfType<RunStarted>().Single(s => s.Attempt == completed.Attempt).ResumeFromEpoch >= 1);
        Assert.IsType<SweepCompleted>(events[^1]);

        // A fresh trainer, on its own thread, ran the final evaluation; the stuck thread never reached it.
        var calls = factory.Calls.Where(c => c.Seed == 1).ToList();
        var stuckThread = calls.Single(c => c.Call == "stuck 2.1").Thread;
        Assert.NotEqual(stuckThread, calls.Single(c => c.Call == "finish").Thread);
    }
}
