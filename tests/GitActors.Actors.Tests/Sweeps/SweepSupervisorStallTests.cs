namespace GitActors.Actors.Tests.Sweeps;

/// <summary>
/// The supervisor's side of a stall on the TestScheduler: nothing a millisecond before the progress deadline, the stall
/// at it. The trainer is a probe whose parent stands in for the device manager, to see the RetireTrainer it is sent.
/// </summary>
public sealed class SweepSupervisorStallTests : ScheduledSupervisorTestKit
{
    private static readonly EngineSettings Settings = new() { StallTimeout = TimeSpan.FromSeconds(30) };

    private sealed record GetTrainer;

    /// <summary>Stands in for a device manager: its child forwards to the trainer probe, what it gets goes to the manager probe.</summary>
    private sealed class StandInManager : ReceiveActor
    {
        public StandInManager(IActorRef manager, IActorRef trainer)
        {
            var child = Context.ActorOf(Props.Create(() => new Forwarder(trainer)), "trainer-cpu-0");
            Receive<GetTrainer>(_ => Sender.Tell(child));
            ReceiveAny(m => manager.Forward(m));
        }
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef to) => ReceiveAny(m => to.Forward(m));
    }

    [Fact]
    public void A_silent_attempt_is_recorded_stalled_at_its_deadline_its_trainer_retired_and_never_used_again_and_its_late_reports_ignored()
    {
        var plan = new SweepPlan("stall", "test", [TestRuns.Run(1)], Settings);
        var supervisor = this.StartedSupervisor(plan);
        var watcher = this.ProgressWatcher(supervisor);
        var manager = CreateTestProbe();
        var trainerProbe = CreateTestProbe();
        Sys.ActorOf(Props.Create(() => new StandInManager(manager.Ref, trainerProbe.Ref)), "devices").Tell(new GetTrainer());
        var stuck = ExpectMsg<IActorRef>();

        supervisor.Tell(new RegisterTrainer(stuck, "node", "cpu-0"));
        trainerProbe.ExpectMsg<TrainerRegistered>();
        var first = trainerProbe.ExpectMsg<WorkAssigned>();
        Clock.Advance(TimeSpan.FromSeconds(20));
        supervisor.Tell(new TrainerProgress(first.SweepId, "node", "cpu-0", "run-1", "seed 1", 1, first.FencingToken, 1, 2, 2, 3, 100, null), stuck);

        // Its deadline is 30 s after that report: nothing happens a millisecond before, the stall at it.
        Assert.Equal(RunPhase.Running, this.StatusOf(supervisor).Runs[0].Phase);
        Clock.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(RunPhase.Running, this.StatusOf(supervisor).Runs[0].Phase);
        Assert.False(manager.HasMessages, "retired before the deadline");
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var retire = manager.ExpectMsg<RetireTrainer>();
        Assert.Equal(stuck, retire.Trainer);
        Assert.StartsWith("stalled: no progress for 30 s after epoch 1, step 2", retire.Reason);
        var run = this.StatusOf(supervisor).Runs[0];
        Assert.Equal((RunPhase.Queued, 0, retire.Reason), (run.Phase, run.Failures, run.LastError));

        // The stuck trainer wakes up: it gets no work, and its reports are superseded.
        supervisor.Tell(new RequestWork("node", "cpu-0"), stuck);
        supervisor.Tell(new RegisterTrainer(stuck, "node", "cpu-0"), stuck);
        supervisor.Tell(new EpochReport(first.SweepId, "run-1", 1, first.FencingToken, new EpochSummary(2, 0.5, 0.1, 0.4, 100, 3), "/late", "00"), stuck);
        trainerProbe.ExpectMsg<AttemptSuperseded>(m => Assert.Equal(first.FencingToken, m.FencingToken));
        supervisor.Tell(new RunSucceeded(first.SweepId, "run-1", 1, first.FencingToken, TestRuns.Result(2)), stuck);
        trainerProbe.ExpectMsg<AttemptSuperseded>();
        Assert.Equal(RunPhase.Queued, this.StatusOf(supervisor).Runs[0].Phase);
        Assert.False(trainerProbe.HasMessages, "the retired trainer was given work");

        // The device manager's fresh trainer gets the run as attempt 2 and completes it.
        var fresh = this.RegisteredTrainer(supervisor);
        var second = fresh.ExpectMsg<WorkAssigned>();
        Assert.Equal(("run-1", 2, first.FencingToken + 1), (second.RunId, second.Attempt, second.FencingToken));
        supervisor.Tell(new RunSucceeded(second.SweepId, "run-1", 2, second.FencingToken, TestRuns.Result(2)), fresh.Ref);
        var finished = watcher.FishForMessage<SweepFinished>(_ => true);
        Assert.Equal((RunPhase.Completed, 2, 0), (finished.Status.Runs[0].Phase, finished.Status.Runs[0].Attempt, finished.Status.Runs[0].Failures));
    }

    [Fact]
    public void A_trainer_asking_for_work_while_the_supervisor_thinks_it_busy_lost_its_WorkAssigned_and_the_run_is_handed_out_again()
    {
        var plan = new SweepPlan("lost", "test", [TestRuns.Run(1)], Settings);
        var supervisor = this.StartedSupervisor(plan);
        var trainer = this.RegisteredTrainer(supervisor);
        var lost = trainer.ExpectMsg<WorkAssigned>();   // say the network dropped it

        // The idle trainer's periodic request (Trainer's idle recheck) shows it has nothing.
        supervisor.Tell(new RequestWork("node", "cpu-0"), trainer.Ref);
        var again = trainer.ExpectMsg<WorkAssigned>();
        Assert.Equal(("run-1", 2, lost.FencingToken + 1), (again.RunId, again.Attempt, again.FencingToken));
        Assert.Equal(0, this.StatusOf(supervisor).Runs[0].Failures);
    }
}
