using GitActors.Actors.Tests.Training;

namespace GitActors.Actors.Tests.Hosting;

public sealed class SweepRunnerTests : EngineTestKit
{
    private static readonly EngineSettings Fast = new() { MaxAttempts = 3, RetryBackoff = TimeSpan.FromMilliseconds(20) };

    [Fact]
    public async Task A_sweep_runs_to_the_end_on_two_cpu_slots_with_a_NaN_run_failing_and_a_flaky_run_retried()
    {
        var plan = new SweepPlan("e2e1", "e2e", [TestRuns.Run(1), TestRuns.Run(2), TestRuns.Run(3)], Fast);
        var factory = new FakeWorkloadFactory(stepsPerEpoch: 10)
        {
            NonFiniteAt = (2, 1, 3),
            FailFirstAttempts = new Dictionary<int, int> { [3] = 1 },
        };
        var progress = new ProgressLog<SweepProgress>();
        var options = new SweepRunOptions(TempFolder, EngineSystem.InMemoryPersistence,
            ConfigurationFactory.ParseString("gitactors.devices.cpu-slots = 2\ngitactors.engine.chunk-steps = 4\nakka.loglevel = ERROR"),
            Devices: new FakeDeviceEnvironment());

        var status = await SweepRunner.RunAsync(plan, factory, options, progress).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(status.Finished);
        Assert.Equal([RunPhase.Completed, RunPhase.Failed, RunPhase.Completed], status.Runs.Select(r => r.Phase));
        Assert.Equal("non-finite loss NaN at epoch 1, step 3", status.Runs[1].LastError);
        Assert.Equal((3, 3), (status.Runs[1].Failures, factory.Creates(2)));
        Assert.Equal((1, 2, 2), (status.Runs[2].Failures, status.Runs[2].Attempt, factory.Creates(3)));
        Assert.Equal(2, status.Runs[0].CompletedEpochs);
        var live = progress.Reports.SelectMany(p => p.Trainers).ToList();
        // Progress comes after every chunk, and a chunk trains at most 4 steps (fewer when the loader has not caught up,
        // so where the chunks end depends on timing, but not how far apart they are).
        var run1Steps = live.Where(t => t.RunId == "run-1" && t.Epoch == 1).Select(t => t.Step)
            .Aggregate(new List<int>(), (seen, step) => { if (seen.Count == 0 || seen[^1] != step) seen.Add(step); return seen; });
        Assert.InRange(run1Steps[0], 1, 4);
        Assert.All(run1Steps.Zip(run1Steps.Skip(1)), pair => Assert.InRange(pair.Item2 - pair.Item1, 1, 4));
        Assert.All(live.Where(t => t.RunId == "run-1"), t => Assert.Equal(10, t.StepsPerEpoch));
        Assert.All(live, t => Assert.InRange(t.Step, 1, 10));
        // Both slots trained at once (run-1 and run-2 are handed out together), each on its own pinned thread.
        Assert.Equal(2, factory.Calls.Select(c => c.Thread).Distinct().Count());
        Assert.Equal(3, progress.Reports.Last().Completed + progress.Reports.Last().Failed);
    }

    /// <summary>
    /// Waits until the actor has processed its stop: a stopping actor waiting for its children answers nothing, while a
    /// live one answers Identify at once (the stop, sent before the Identify, is ahead of it in the same mailbox).
    /// </summary>
    private static async Task AwaitStoppingAsync(ActorSelection actor)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try { await actor.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(5)); }
            catch (AskTimeoutException) { return; }
            await Task.Delay(10);
        }
        throw new TimeoutException("the device manager was not stopped within 60 s of the cancellation");
    }

    [Fact]
    public async Task A_cancelled_sweep_resumes_from_the_last_checkpoint_and_a_finished_sweep_is_not_run_again()
    {
        var plan = new SweepPlan("e2e2", "resume", [TestRuns.Run(1, epochs: 3)], Fast);
        var options = new SweepRunOptions(TempFolder, Devices: new FakeDeviceEnvironment());
        // The trainer is held inside epoch 2 until the cancellation has reached the device manager, so however slow the
        // machine, the stop is waiting for the trainer when its current chunk ends.
        var first = new FakeWorkloadFactory(stepsPerEpoch: 5) { HoldAt = (1, 2, 1) };
        using var cancel = new CancellationTokenSource();

        var running = SweepRunner.RunAsync(Sys, plan, first, options, null, cancel.Token);
        Assert.True(first.Reached.Wait(TimeSpan.FromSeconds(30)), "the trainer never reached epoch 2");
        await cancel.CancelAsync();
        await AwaitStoppingAsync(Sys.ActorSelection("/user/devices"));
        first.Release.Set();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running).WaitAsync(TimeSpan.FromSeconds(60));

        // The trainer stops between chunks, so it may have finished one more epoch after "begin 2" was seen.
        var lastSaved = first.CallsOf(1).Where(c => c.StartsWith("save ", StringComparison.Ordinal)).Max(c => int.Parse(c[5..]));
        Assert.InRange(lastSaved, 1, 2);
        Assert.DoesNotContain("finish", first.CallsOf(1));
        var second = new FakeWorkloadFactory(stepsPerEpoch: 5);
        var status = await SweepRunner.RunAsync(Sys, plan, second, options).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(RunPhase.Completed, status.Runs[0].Phase);
        Assert.Equal((2, 0), (status.Runs[0].Attempt, status.Runs[0].Failures));
        var resumed = second.CallsOf(1);
        Assert.Equal($"create cpu from {lastSaved}", resumed[0]);
        Assert.Equal($"begin {lastSaved + 1}", resumed[1]);

        var third = new FakeWorkloadFactory();
        var again = await SweepRunner.RunAsync(Sys, plan, third, options).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(RunPhase.Completed, again.Runs[0].Phase);
        Assert.Empty(third.Calls);
    }
}
