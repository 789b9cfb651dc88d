namespace GitActors.Actors.Tests.Sweeps;

/// <summary>
/// Retry backoff on the TestScheduler: "not before the backoff" and "right at it", with the sweep going on meanwhile.
/// </summary>
public sealed class SweepSupervisorBackoffTests : ScheduledSupervisorTestKit
{
    private static readonly EngineSettings Settings = new() { MaxAttempts = 3, RetryBackoff = TimeSpan.FromSeconds(10) };

    [Fact]
    public void A_failing_run_is_retried_after_exactly_its_growing_backoff_then_recorded_failed_while_the_sweep_goes_on()
    {
        var plan = new SweepPlan("backoff", "test", [TestRuns.Run(1), TestRuns.Run(2)], Settings);
        var supervisor = this.StartedSupervisor(plan);
        var watcher = this.ProgressWatcher(supervisor);
        var trainer = this.RegisteredTrainer(supervisor);

        var first = trainer.ExpectMsg<WorkAssigned>();
        Assert.Equal(("run-1", 1), (first.RunId, first.Attempt));
        supervisor.Tell(new RunErrored(first.SweepId, "run-1", 1, first.FencingToken, "non-finite loss NaN at epoch 1, step 0"), trainer.Ref);
        supervisor.Tell(new RequestWork("node", "cpu-0"), trainer.Ref);
        // While run-1 backs off, run-2 is handed out at once (no clock advance) and completes.
        var other = trainer.ExpectMsg<WorkAssigned>();
        Assert.Equal("run-2", other.RunId);
        supervisor.Tell(new RunSucceeded(other.SweepId, "run-2", 1, other.FencingToken, TestRuns.Result(2)), trainer.Ref);
        supervisor.Tell(new RequestWork("node", "cpu-0"), trainer.Ref);

        // 1st failure: 10 s. One tick short of it nothing is handed out; at it, attempt 2 is.
        ExpectRetryAfter(supervisor, trainer, TimeSpan.FromSeconds(10));
        var second = trainer.ExpectMsg<WorkAssigned>();
        Assert.Equal(("run-1", 2), (second.RunId, second.Attempt));
        supervisor.Tell(new RunErrored(second.SweepId, "run-1", 2, second.FencingToken, "boom 2"), trainer.Ref);
        supervisor.Tell(new RequestWork("node", "cpu-0"), trainer.Ref);

        // 2nd failure: 20 s.
        ExpectRetryAfter(supervisor, trainer, TimeSpan.FromSeconds(20));
        var third = trainer.ExpectMsg<WorkAssigned>();
        Assert.Equal(3, third.Attempt);
        Watch(supervisor);
        supervisor.Tell(new RunErrored(third.SweepId, "run-1", 3, third.FencingToken, "boom 3"), trainer.Ref);

        // 3rd failure: MaxAttempts reached, no retry: the sweep ends.
        var finished = watcher.FishForMessage<SweepFinished>(_ => true);
        var run1 = finished.Status.Runs[0];
        Assert.Equal((RunPhase.Failed, 3, "boom 3"), (run1.Phase, run1.Failures, run1.LastError));
        Assert.Equal(RunPhase.Completed, finished.Status.Runs[1].Phase);
        ExpectTerminated(supervisor);
    }

    /// <summary>
    /// With run-1 waiting for its retry (the status reply proves the timer is set: it is started when RunFailed is
    /// persisted, before later commands are answered), advancing the clock by backoff - 1 ms hands out nothing and
    /// advancing the last millisecond hands run-1 out.
    /// </summary>
    private void ExpectRetryAfter(Akka.Actor.IActorRef supervisor, TestProbe trainer, TimeSpan backoff)
    {
        Assert.Equal(RunPhase.RetryWaiting, this.StatusOf(supervisor).Runs[0].Phase);
        Clock.Advance(backoff - TimeSpan.FromMilliseconds(1));
        Assert.Equal(RunPhase.RetryWaiting, this.StatusOf(supervisor).Runs[0].Phase);
        Assert.False(trainer.HasMessages, "a retry was handed out before its backoff");
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(RunPhase.Running, this.StatusOf(supervisor).Runs[0].Phase);
    }
}
