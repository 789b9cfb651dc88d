using GitActors.Models.Storage;

namespace GitActors.Actors.Tests.Training;

public sealed class TrainerTests : EngineTestKit
{
    private static readonly DeviceSlot Cpu = new("cpu-0", "cpu", 1);

    private (TestProbe Supervisor, IActorRef Trainer) StartTrainer(FakeWorkloadFactory factory, int chunkSteps = 8)
    {
        var supervisor = CreateTestProbe();
        var trainer = Sys.ActorOf(Trainer.Props(supervisor.Ref, factory, Cpu, new TrainerSettings(TempFolder, "node", chunkSteps, Prefetch: 4)));
        var registered = supervisor.ExpectMsg<RegisterTrainer>();
        Assert.Equal((trainer, "node", "cpu-0"), (registered.Trainer, registered.Node, registered.Device));
        return (supervisor, trainer);
    }

    private static WorkAssigned Work(int seed, int epochs, long token = 7, params CheckpointRef[] checkpoints) =>
        new("sw", TestRuns.Run(seed, epochs), 1, token, checkpoints);

    [Fact]
    public void A_status_query_is_answered_mid_epoch_and_pause_holds_training_until_resume()
    {
        // The workload blocks before step 5 (the second chunk of 4) until released; the status and pause requests are
        // queued meanwhile, so they are answered between chunks of this epoch, not whenever the machine gets round to it.
        var factory = new FakeWorkloadFactory(stepsPerEpoch: 100) { HoldAt = (1, 1, 5) };
        var (supervisor, trainer) = StartTrainer(factory, chunkSteps: 4);
        trainer.Tell(Work(1, epochs: 1));
        Assert.True(factory.Reached.Wait(TimeSpan.FromSeconds(30)), "the trainer never reached step 5");
        trainer.Tell(GetTrainerStatus.Instance, TestActor);
        trainer.Tell(PauseTraining.Instance, TestActor);
        factory.Release.Set();

        // Steps count from 0. A chunk holds at most 4 steps but ends early when the loader's buffer runs dry, so the chunk
        // holding step 5 starts at step 2 to 5 and ends at step 8 at the latest: 6 to 9 steps taken. Then the queued
        // requests come first.
        var status = ExpectMsg<TrainerStatus>();
        Assert.Equal((TrainerActivity.Training, "run-1", 1, 100), (status.Activity, status.RunId, status.Epoch, status.StepsPerEpoch));
        Assert.InRange(status.Step, 6, 9);
        var paused = ExpectMsg<TrainerStatus>();
        Assert.Equal((TrainerActivity.Paused, status.Step), (paused.Activity, paused.Step));
        Assert.Equal(paused.Step, factory.StepsTaken);

        // Barrier: the next chunk was queued before this request; had pause not held it, it would have run first.
        trainer.Tell(GetTrainerStatus.Instance, TestActor);
        var again = ExpectMsg<TrainerStatus>();
        Assert.Equal((TrainerActivity.Paused, paused.Step), (again.Activity, again.Step));
        Assert.Equal(paused.Step, factory.StepsTaken);

        trainer.Tell(ResumeTraining.Instance, TestActor);
        Assert.Equal(TrainerActivity.Training, ExpectMsg<TrainerStatus>().Activity);
        supervisor.FishForMessage<RunSucceeded>(_ => true, TimeSpan.FromSeconds(30));
        Assert.Equal(100, factory.StepsTaken);
    }

    [Fact]
    public void Each_epoch_checkpoint_is_on_disk_and_verifies_when_its_report_arrives_and_the_run_ends_with_its_result()
    {
        var factory = new FakeWorkloadFactory(stepsPerEpoch: 3);
        var (supervisor, trainer) = StartTrainer(factory);
        trainer.Tell(Work(1, epochs: 2));

        for (var epoch = 1; epoch <= 2; epoch++)
        {
            var report = supervisor.FishForMessage<EpochReport>(_ => true, TimeSpan.FromSeconds(5));
            Assert.Equal((epoch, 7L), (report.Summary.Epoch, report.FencingToken));
            Assert.Equal(CheckpointStore.PathFor(TempFolder, "sw", "run-1", epoch, 7), report.CheckpointPath);
            Assert.True(CheckpointStore.Verify(report.CheckpointPath, report.CheckpointSha256));
            Assert.Equal($"fake-checkpoint epoch={epoch}", File.ReadAllText(report.CheckpointPath));
            // The mean of the three fake losses of the epoch, 1 / (10 e + s + 1).
            var expected = Enumerable.Range(0, 3).Average(s => FakeWorkloadFactory.Loss(epoch, s));
            Assert.Equal(expected, report.Summary.TrainLoss, 12);
        }
        var done = supervisor.FishForMessage<RunSucceeded>(_ => true, TimeSpan.FromSeconds(5));
        Assert.Equal(("run-1", 7L, 2), (done.RunId, done.FencingToken, done.Result.Epochs));
        supervisor.FishForMessage<RequestWork>(_ => true, TimeSpan.FromSeconds(5));

        var calls = factory.CallsOf(1);
        Assert.Equal(["create cpu from 0", "begin 1", "step 1.0", "step 1.1", "step 1.2", "complete 1", "save 1",
            "begin 2", "step 2.0", "step 2.1", "step 2.2", "complete 2", "save 2", "finish", "dispose"], calls);
        // Every workload call, dispose included, ran on the trainer's one pinned thread.
        Assert.Single(factory.Calls.Select(c => c.Thread).Distinct());
    }

    [Fact]
    public void A_job_prunes_only_its_own_attempts_old_block_checkpoints_never_another_attempts()
    {
        // A MUNIT job keeps its newest two block checkpoints. Attempt 4 (superseded, maybe still running somewhere)
        // left its block 1; attempt 5 trains blocks 1-3 and prunes its own block 1 only.
        var config = RunConfig.ForMunitJob(new DataSpec("fmnist-bg-lt"), 1, new MunitJobSpec(30, 10, new MunitHyperParameters()));
        var older = CheckpointStore.PathFor(TempFolder, "sw", "job-1", 1, 4);
        AtomicFile.Write(older, s => s.Write(Encoding.UTF8.GetBytes("fake-checkpoint epoch=1")));
        var factory = new FakeWorkloadFactory(stepsPerEpoch: 2);
        var (supervisor, trainer) = StartTrainer(factory);

        trainer.Tell(new WorkAssigned("sw", new PlannedRun("job-1", "job", config), 1, 5, []));

        supervisor.FishForMessage<RunSucceeded>(_ => true, TimeSpan.FromSeconds(10));
        Assert.Equal("fake-checkpoint epoch=1", File.ReadAllText(older));
        Assert.False(File.Exists(CheckpointStore.PathFor(TempFolder, "sw", "job-1", 1, 5)));
        Assert.True(File.Exists(CheckpointStore.PathFor(TempFolder, "sw", "job-1", 2, 5)));
        Assert.True(File.Exists(CheckpointStore.PathFor(TempFolder, "sw", "job-1", 3, 5)));
    }

    [Fact]
    public void A_corrupted_latest_checkpoint_is_rejected_and_the_run_resumes_from_the_previous_one()
    {
        var e1 = CheckpointStore.PathFor(TempFolder, "sw", "run-1", 1, 8);
        var e2 = CheckpointStore.PathFor(TempFolder, "sw", "run-1", 2, 8);
        var sha1 = AtomicFile.Write(e1, s => s.Write(Encoding.UTF8.GetBytes("fake-checkpoint epoch=1")));
        var sha2 = AtomicFile.Write(e2, s => s.Write(Encoding.UTF8.GetBytes("fake-checkpoint epoch=2")));
        File.WriteAllText(e2, "fake-checkpoint ep"); // torn write of an older, non-atomic writer

        var factory = new FakeWorkloadFactory(stepsPerEpoch: 2);
        var (supervisor, trainer) = StartTrainer(factory);
        trainer.Tell(Work(1, epochs: 3, token: 9, new CheckpointRef(2, e2, sha2), new CheckpointRef(1, e1, sha1)));

        var rejected = supervisor.ExpectMsg<CheckpointRejectedReport>();
        Assert.Equal((2, e2, 9L), (rejected.Epoch, rejected.CheckpointPath, rejected.FencingToken));
        Assert.Contains("expected " + sha2, rejected.Reason);
        var report = supervisor.FishForMessage<EpochReport>(_ => true, TimeSpan.FromSeconds(5));
        Assert.Equal(2, report.Summary.Epoch); // epoch 1 was restored, so epoch 2 is trained again
        // Its new checkpoint is this attempt's own file; the torn one of attempt 8 is left as it was.
        Assert.Equal(CheckpointStore.PathFor(TempFolder, "sw", "run-1", 2, 9), report.CheckpointPath);
        Assert.True(CheckpointStore.Verify(report.CheckpointPath, report.CheckpointSha256));
        Assert.Equal("fake-checkpoint ep", File.ReadAllText(e2));
        supervisor.FishForMessage<RunSucceeded>(_ => true, TimeSpan.FromSeconds(5));
        Assert.Equal("create cpu from 1", factory.CallsOf(1)[0]);
    }

    [Fact]
    public void A_non_finite_loss_fails_the_attempt_with_that_reason_and_the_trainer_asks_for_more_work()
    {
        var factory = new FakeWorkloadFactory(stepsPerEpoch: 4) { NonFiniteAt = (1, 2, 1) };
        var (supervisor, trainer) = StartTrainer(factory);
        trainer.Tell(Work(1, epochs: 3));

        var errored = supervisor.FishForMessage<RunErrored>(_ => true, TimeSpan.FromSeconds(5));
        Assert.Equal("non-finite loss NaN at epoch 2, step 1", errored.Reason);
        supervisor.FishForMessage<RequestWork>(_ => true, TimeSpan.FromSeconds(5));
        var calls = factory.CallsOf(1);
        Assert.Equal("dispose", calls[^1]);
        Assert.DoesNotContain("complete 2", calls);
    }

    [Fact]
    public void A_checkpoint_write_on_a_full_disk_is_reported_as_a_fault_of_the_machine_not_as_a_failed_run()
    {
        var factory = new FakeWorkloadFactory(stepsPerEpoch: 2) { DiskFullFirstAttempts = new Dictionary<int, int> { [1] = 1 } };
        var (supervisor, trainer) = StartTrainer(factory);
        trainer.Tell(Work(1, epochs: 3));

        var report = supervisor.FishForMessage(m => m is AttemptFaulted or RunErrored, TimeSpan.FromSeconds(20));
        var faulted = Assert.IsType<AttemptFaulted>(report);
        Assert.Equal(("run-1", 7L, "IOException: No space left on device"), (faulted.RunId, faulted.FencingToken, faulted.Reason));
        supervisor.FishForMessage<RequestWork>(_ => true, TimeSpan.FromSeconds(5));
        Assert.Equal("dispose", factory.CallsOf(1)[^1]);
        // The temporary file of the failed write is gone, and no checkpoint was left in its place.
        Assert.Empty(Directory.EnumerateFiles(TempFolder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_superseded_attempt_is_dropped_and_the_trainer_pulls_new_work()
    {
        // Held mid-epoch, so the attempt is certainly still running when it learns it was superseded.
        var factory = new FakeWorkloadFactory(stepsPerEpoch: 1000) { HoldAt = (1, 1, 3) };
        var (supervisor, trainer) = StartTrainer(factory);
        trainer.Tell(Work(1, epochs: 1, token: 3));
        Assert.True(factory.Reached.Wait(TimeSpan.FromSeconds(30)), "the trainer never reached step 3");

        trainer.Tell(new AttemptSuperseded("sw", "run-1", 1, 3));
        factory.Release.Set();

        supervisor.FishForMessage<RequestWork>(_ => true, TimeSpan.FromSeconds(30));
        // The workload is disposed on the trainer's thread before it asks for work, and the status reply comes after that.
        var status = await trainer.Ask<TrainerStatus>(GetTrainerStatus.Instance, TimeSpan.FromSeconds(30));
        Assert.Equal(TrainerActivity.Idle, status.Activity);
        Assert.Equal("dispose", factory.CallsOf(1)[^1]);
        Assert.InRange(factory.StepsTaken, 4, 8);   // the rest of the held chunk at most, not the epoch's 1000 steps
    }
}
