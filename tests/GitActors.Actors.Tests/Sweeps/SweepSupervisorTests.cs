namespace GitActors.Actors.Tests.Sweeps;

public sealed class SweepSupervisorTests : EngineTestKit
{
    private static SweepPlan Plan(string id, EngineSettings settings, params int[] seeds) =>
        new(id, "test", seeds.Select(s => TestRuns.Run(s)).ToList(), settings);

    private static readonly EngineSettings Fast = new() { MaxAttempts = 3, RetryBackoff = TimeSpan.FromMilliseconds(150) };

    [Fact]
    public void Queued_runs_go_to_registered_trainers_in_plan_order_and_a_free_trainer_pulls_the_next()
    {
        var supervisor = Sys.ActorOf(SweepSupervisor.Props("a1", Fast));
        var t1 = this.RegisteredTrainer(supervisor, "cpu-0");
        var t2 = this.RegisteredTrainer(supervisor, "cpu-1");
        supervisor.Tell(new StartSweep(Plan("a1", Fast, 1, 2, 3)));
        ExpectMsg<SweepStartAcknowledged>();

        var w1 = t1.ExpectMsg<WorkAssigned>();
        var w2 = t2.ExpectMsg<WorkAssigned>();
        Assert.Equal(("run-1", 1, 1L, 0), (w1.RunId, w1.Attempt, w1.FencingToken, w1.ResumeFromEpoch));
        Assert.Equal(("run-2", 2L), (w2.RunId, w2.FencingToken));
        // Barrier: once the supervisor answered a later message, any assignment it made was already delivered.
        supervisor.Tell(GetSweepStatus.Instance);
        ExpectMsg<SweepStatus>();
        Assert.False(t2.HasMessages, "a third run was handed to a busy trainer");

        supervisor.Tell(new RunSucceeded("a1", "run-2", 1, 2, TestRuns.Result(2)), t2.Ref);
        supervisor.Tell(new RequestWork("node", "cpu-1"), t2.Ref);
        var w3 = t2.ExpectMsg<WorkAssigned>();
        Assert.Equal(("run-3", 3L), (w3.RunId, w3.FencingToken));

        supervisor.Tell(GetSweepStatus.Instance);
        var status = ExpectMsg<SweepStatus>();
        Assert.Equal([RunPhase.Running, RunPhase.Completed, RunPhase.Running], status.Runs.Select(r => r.Phase));
    }

    [Fact]
    public void Reports_from_a_superseded_attempt_are_answered_with_AttemptSuperseded_and_not_recorded()
    {
        var supervisor = this.StartedSupervisor(Plan("c1", Fast, 1));
        var lost = this.RegisteredTrainer(supervisor, "cpu-0");
        var old = lost.ExpectMsg<WorkAssigned>();
        Sys.Stop(lost.Ref); // the trainer's node vanished: the attempt is interrupted and the run queued again
        var fresh = this.RegisteredTrainer(supervisor, "cpu-1");
        var current = fresh.ExpectMsg<WorkAssigned>();
        Assert.Equal((2, old.FencingToken + 1), (current.Attempt, current.FencingToken));

        var late = CreateTestProbe(); // the stale attempt's late messages, e.g. after a healed partition
        supervisor.Tell(new EpochReport(old.SweepId, "run-1", old.Attempt, old.FencingToken, new EpochSummary(1, 1, 0.1, 0.2, 10, 3), "/stale", "00"), late.Ref);
        supervisor.Tell(new RunSucceeded(old.SweepId, "run-1", old.Attempt, old.FencingToken, TestRuns.Result(2)), late.Ref);
        late.ExpectMsg<AttemptSuperseded>(m => Assert.Equal(old.FencingToken, m.FencingToken));
        late.ExpectMsg<AttemptSuperseded>();

        supervisor.Tell(GetSweepStatus.Instance);
        var run = ExpectMsg<SweepStatus>().Runs[0];
        Assert.Equal((RunPhase.Running, 0, 2, 0), (run.Phase, run.CompletedEpochs, run.Attempt, run.Failures));
    }

    [Fact]
    public void After_a_restart_the_supervisor_recovers_from_the_journal_skips_completed_runs_and_resumes_the_interrupted_one()
    {
        var plan = Plan("d1", Fast, 1, 2);
        var supervisor = this.StartedSupervisor(plan);
        var t1 = this.RegisteredTrainer(supervisor, "cpu-0");
        var t2 = this.RegisteredTrainer(supervisor, "cpu-1");
        var w1 = t1.ExpectMsg<WorkAssigned>();
        var w2 = t2.ExpectMsg<WorkAssigned>();
        supervisor.Tell(new RunSucceeded(w1.SweepId, w1.RunId, 1, w1.FencingToken, TestRuns.Result(2)), t1.Ref);
        supervisor.Tell(new EpochReport(w2.SweepId, w2.RunId, 1, w2.FencingToken, new EpochSummary(1, 0.7, 0.1, 0.3, 50, 3), "/ckpt/e1", "abc"), t2.Ref);
        supervisor.Tell(GetSweepStatus.Instance); // persisted once answered: commands wait for pending persists
        ExpectMsg<SweepStatus>();
        Watch(supervisor);
        Sys.Stop(supervisor);
        ExpectTerminated(supervisor);

        var revived = Sys.ActorOf(SweepSupervisor.Props("d1", Fast));
        revived.Tell(new StartSweep(plan));
        ExpectMsg<SweepStartAcknowledged>(a => Assert.True(a.AlreadyStarted));
        var t3 = this.RegisteredTrainer(revived, "cpu-0");
        var resumed = t3.ExpectMsg<WorkAssigned>();
        Assert.Equal(("run-2", 2, 1), (resumed.RunId, resumed.Attempt, resumed.ResumeFromEpoch));
        Assert.Equal([new CheckpointRef(1, "/ckpt/e1", "abc")], resumed.Checkpoints);
        Assert.True(resumed.FencingToken > w2.FencingToken);
        var t4 = this.RegisteredTrainer(revived, "cpu-1");
        revived.Tell(GetSweepStatus.Instance);
        var status = ExpectMsg<SweepStatus>();
        Assert.False(t4.HasMessages, "run-1 completed before the restart and was handed out again");
        Assert.Equal([RunPhase.Completed, RunPhase.Running], status.Runs.Select(r => r.Phase));
    }
    [Fact]
    public void A_duplicate_success_and_a_late_success_of_a_requeued_attempt_are_answered_as_superseded_and_not_recorded()
    {
        var supervisor = this.StartedSupervisor(Plan("e1", Fast, 1, 2));
        var t1 = this.RegisteredTrainer(supervisor, "cpu-0");
        var w1 = t1.ExpectMsg<WorkAssigned>();
        var success = new RunSucceeded(w1.SweepId, w1.RunId, w1.Attempt, w1.FencingToken, TestRuns.Result(2));
        supervisor.Tell(success, t1.Ref);
        // The same report again (a retransmission): the run is completed already, so it is superseded.
        supervisor.Tell(success, t1.Ref);
        t1.FishForMessage<AttemptSuperseded>(m => m.RunId == w1.RunId && m.FencingToken == w1.FencingToken);

        // run-2's trainer vanishes: the run is queued again. Its late success (same attempt and token) is not recorded.
        var lost = this.RegisteredTrainer(supervisor, "cpu-1");
        var w2 = lost.ExpectMsg<WorkAssigned>();
        Assert.Equal("run-2", w2.RunId);
        Sys.Stop(lost.Ref);
        var late = CreateTestProbe();
        AwaitAssert(() =>
        {
            supervisor.Tell(GetSweepStatus.Instance, late.Ref);
            Assert.Equal(RunPhase.Queued, late.ExpectMsg<SweepStatus>().Runs[1].Phase);
        });
        supervisor.Tell(new RunSucceeded(w2.SweepId, w2.RunId, w2.Attempt, w2.FencingToken, TestRuns.Result(2)), late.Ref);
        late.ExpectMsg<AttemptSuperseded>(m => Assert.Equal(w2.FencingToken, m.FencingToken));

        supervisor.Tell(GetSweepStatus.Instance);
        var status = ExpectMsg<SweepStatus>();
        Assert.Equal([RunPhase.Completed, RunPhase.Queued], status.Runs.Select(r => r.Phase));
        // The next trainer gets run-2 as a new attempt.
        var fresh = this.RegisteredTrainer(supervisor, "cpu-2");
        var again = fresh.ExpectMsg<WorkAssigned>();
        Assert.Equal(("run-2", 2, w2.FencingToken + 1), (again.RunId, again.Attempt, again.FencingToken));
    }

    [Fact]
    public void A_report_naming_another_sweep_is_superseded_and_not_recorded_even_when_run_attempt_and_token_match()
    {
        var supervisor = this.StartedSupervisor(Plan("f1", Fast, 1));
        var trainer = this.RegisteredTrainer(supervisor, "cpu-0");
        var work = trainer.ExpectMsg<WorkAssigned>();
        supervisor.Tell(new RunSucceeded("f2", work.RunId, work.Attempt, work.FencingToken, TestRuns.Result(2)), trainer.Ref);
        trainer.ExpectMsg<AttemptSuperseded>(m => Assert.Equal(("f2", work.FencingToken), (m.SweepId, m.FencingToken)));

        supervisor.Tell(GetSweepStatus.Instance);
        Assert.Equal(RunPhase.Running, ExpectMsg<SweepStatus>().Runs[0].Phase);
        supervisor.Tell(new RunSucceeded("f1", work.RunId, work.Attempt, work.FencingToken, TestRuns.Result(2)), trainer.Ref);
        supervisor.Tell(GetSweepStatus.Instance);
        Assert.Equal(RunPhase.Completed, ExpectMsg<SweepStatus>().Runs[0].Phase);
    }
}
