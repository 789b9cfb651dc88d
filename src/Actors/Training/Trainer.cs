using System.Diagnostics;
using Akka.Event;
using GitActors.Models.Experiments.Faults;
using GitActors.Models.Storage;

namespace GitActors.Actors.Training;

/// <summary>
/// Trains one run at a time on one device. It runs on a pinned dispatcher, so every call into the workload (and
/// TorchSharp's per-thread state) happens on the same thread. Training advances in chunks of a few steps, one chunk
/// per self-message, so status, pause and stop requests are answered mid-epoch. After each epoch the checkpoint is
/// written atomically first and only then reported; the supervisor persists the report. While idle it repeats its request
/// for work (engine.idle-recheck): a WorkAssigned lost on the way (a cluster message dropped) would otherwise leave the
/// supervisor thinking it busy and the trainer waiting for ever; the supervisor re-queues the run it thought assigned.
/// Its behaviours: Idle and IdlePaused without a run, Training and Paused with one.
/// </summary>
public sealed class Trainer : ReceiveActor, IWithTimers
{
    private sealed record TrainChunk
    {
        public static TrainChunk Instance { get; } = new();
    }

    private sealed record IdleTick
    {
        public static IdleTick Instance { get; } = new();
    }

    private const string IdleTimer = "idle";

    /// <summary>The attempt being trained: its workload, loader and counters.</summary>
    private sealed class ActiveRun(WorkAssigned work, IRunWorkload workload)
    {
        public WorkAssigned Work { get; } = work;
        public IRunWorkload Workload { get; } = workload;
        public IActorRef Loader { get; set; } = ActorRefs.Nobody;
        public Queue<Batch> Buffer { get; } = new();
        public int StepsPerEpoch { get; set; }
        public int Epoch { get; set; }
        public EpochLoss Loss { get; } = new();
        public int NextEpoch { get; set; }
        public int NextStep { get; set; }
        public Stopwatch EpochClock { get; } = new();
        public Stopwatch AttemptClock { get; } = new();
        public long StepsThisAttempt { get; set; }
    }

    private static readonly TimeSpan MaxChunkTime = TimeSpan.FromSeconds(1);

    private readonly IActorRef _supervisor;
    private readonly IRunWorkloadFactory _factory;
    private readonly DeviceSlot _slot;
    private readonly TrainerSettings _settings;
    private readonly IActorRef _augmenters;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ActiveRun? _run;
    private bool _chunkScheduled;

    /// <param name="augmenters">This node's augmenter pool (null: none; GIT runs then fail with a clear reason).</param>
    public Trainer(IActorRef supervisor, IRunWorkloadFactory factory, DeviceSlot slot, TrainerSettings settings, IActorRef? augmenters = null)
    {
        _augmenters = augmenters ?? ActorRefs.Nobody;
        if (settings.ChunkSteps < 1) throw new ArgumentOutOfRangeException(nameof(settings), "chunk-steps must be at least 1");
        _supervisor = supervisor;
        _factory = factory;
        _slot = slot;
        _settings = settings;

        Idle();
    }

    /// <summary>No run, not paused: takes work, and asks for it again on every idle tick.</summary>
    private void Idle()
    {
        ReceiveCommon(paused: false);
        Receive<WorkAssigned>(work => Start(work, paused: false));
        Receive<IdleTick>(_ => _supervisor.Tell(new RequestWork(_settings.Node, _slot.Name)));
        Receive<PauseTraining>(_ =>
        {
            Become(IdlePaused);
            Sender.Tell(Status(paused: true));
        });
        Receive<ResumeTraining>(_ => Sender.Tell(Status(paused: false)));
        ReceiveAny(_ => { });                                   // batches, chunks and answers of a run already ended
    }

    /// <summary>No run, paused: still takes work (it starts paused), so a resume finds it ready.</summary>
    private void IdlePaused()
    {
        ReceiveCommon(paused: true);
        Receive<WorkAssigned>(work => Start(work, paused: true));
        Receive<IdleTick>(_ => _supervisor.Tell(new RequestWork(_settings.Node, _slot.Name)));
        Receive<PauseTraining>(_ => Sender.Tell(Status(paused: true)));
        Receive<ResumeTraining>(_ =>
        {
            Become(Idle);
            Sender.Tell(Status(paused: false));
        });
        ReceiveAny(_ => { });
    }

    /// <summary>A run, training: batches are buffered and trained in chunks of steps, one chunk per self-message.</summary>
    private void Training()
    {
        ReceiveCommon(paused: false);
        ReceiveRun(paused: false);
        Receive<Batch>(batch =>
        {
            if (!IsCurrentLoader(Sender)) return;
            _run!.Buffer.Enqueue(batch);
            ScheduleChunk();
        });
        Receive<TrainChunk>(_ => Chunk());
        Receive<PauseTraining>(_ =>
        {
            _run!.EpochClock.Stop();
            _run.AttemptClock.Stop();
            StartIdleTimer();
            Become(Paused);
            Sender.Tell(Status(paused: true));
        });
        Receive<ResumeTraining>(_ => Sender.Tell(Status(paused: false)));
        ReceiveAny(_ => { });                                   // idle ticks: the timer is off while training
    }

    /// <summary>A run, paused: batches are kept, nothing is trained, and each idle tick reports progress so the
    /// supervisor does not take the pause for a stall.</summary>
    private void Paused()
    {
        ReceiveCommon(paused: true);
        ReceiveRun(paused: true);
        Receive<Batch>(batch =>
        {
            if (IsCurrentLoader(Sender)) _run!.Buffer.Enqueue(batch);
        });
        Receive<TrainChunk>(_ => _chunkScheduled = false);
        Receive<IdleTick>(_ => ReportProgress(_run!, paused: true));
        Receive<PauseTraining>(_ => Sender.Tell(Status(paused: true)));
        Receive<ResumeTraining>(_ =>
        {
            if (_run!.Loss.Steps > 0) _run.EpochClock.Start();
            _run.AttemptClock.Start();
            Timers.Cancel(IdleTimer);
            Become(Training);
            ScheduleChunk();
            Sender.Tell(Status(paused: false));
        });
        ReceiveAny(_ => { });
    }

    private void ReceiveCommon(bool paused)
    {
        Receive<TrainerRegistered>(_ => { });
        Receive<GetTrainerStatus>(_ => Sender.Tell(Status(paused)));
        Receive<StopTraining>(_ => StopTrainer());
    }

    /// <summary>What a trainer with a run answers whether or not it is paused.</summary>
    private void ReceiveRun(bool paused)
    {
        Receive<WorkAssigned>(work => Sender.Tell(new AttemptAbandoned(work.SweepId, work.RunId, work.Attempt, work.FencingToken,
            $"trainer {_slot.Name} is busy with run {_run!.Work.RunId}")));
        Receive<BatchFailed>(m =>
        {
            if (IsCurrentLoader(Sender)) Fail(m.Reason, paused);
        });
        Receive<AttemptSuperseded>(m =>
        {
            if (_run!.Work.FencingToken != m.FencingToken || _run.Work.SweepId != m.SweepId) return;
            _log.Warning("run {0} attempt {1} was superseded; dropping it", m.RunId, m.Attempt);
            EndAttempt(paused);
        });
    }

    /// <summary>Props on the pinned trainer dispatcher (which the system's config must define, as gitactors.conf does).</summary>
    public static Props Props(IActorRef supervisor, IRunWorkloadFactory factory, DeviceSlot slot, TrainerSettings settings, IActorRef? augmenters = null) =>
        Akka.Actor.Props.Create(() => new Trainer(supervisor, factory, slot, settings, augmenters)).WithDispatcher(TrainerSettings.TrainerDispatcher);

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        _supervisor.Tell(new RegisterTrainer(Self, _settings.Node, _slot.Name));
        StartIdleTimer();
    }

    // Runs on this actor's thread, so the workload is disposed where it lived.
    protected override void PostStop() => EndRun();

    private void Start(WorkAssigned work, bool paused)
    {
        _log.Info("run {0} attempt {1} on {2} (resume after epoch {3})", work.RunId, work.Attempt, _slot.Name, work.ResumeFromEpoch);
        Timers.Cancel(IdleTimer);
        var checkpoint = VerifiedCheckpoint(work);
        IRunWorkload workload;
        try
        {
            using var stream = checkpoint is null ? null : new MemoryStream(checkpoint, writable: false);
            workload = _factory.Create(work.Run.Config, _slot.Device, stream, new RunResources(work.Generator, _augmenters, work.Bank));
        }
        catch (Exception e)
        {
            _supervisor.Tell(EndReport(work, $"could not set up the run: {Describe(e)}", e));
            RequestWork();
            return;
        }
        var run = _run = new ActiveRun(work, workload) { NextEpoch = workload.StartEpoch };
        try
        {
            if (workload.StartEpoch > workload.TotalEpochs)
            {
                // Every epoch was checkpointed but the final evaluation never got recorded.
                FinishRun(run, paused);
                return;
            }
            var source = workload.CreateBatchSource();
            run.StepsPerEpoch = source.StepsPerEpoch;
            if (run.StepsPerEpoch < 1) throw new InvalidOperationException($"the batch source has {run.StepsPerEpoch} steps per epoch");
            var loaderProps = DataLoader.Props(source, workload.StartEpoch, workload.TotalEpochs, _settings.Prefetch, LoaderAugmentationFor(workload));
            if (_settings.LoaderDispatcher is { } dispatcher) loaderProps = loaderProps.WithDispatcher(dispatcher);
            run.Loader = Context.ActorOf(loaderProps, $"loader-{work.FencingToken}");
            run.Loader.Tell(new RequestBatches(_settings.Prefetch));
            if (paused)
            {
                StartIdleTimer();
                Become(Paused);
            }
            else
            {
                run.AttemptClock.Start();
                Become(Training);
            }
        }
        catch (Exception e)
        {
            Fail(Describe(e), paused, e);
        }
    }

    /// <summary>A GIT run's loader asks the pool for its rows; the trainer itself never loads a generator.</summary>
    private LoaderAugmentation? LoaderAugmentationFor(IRunWorkload workload)
    {
        if (workload is not IAugmentedWorkload { Augmentation: { } learned }) return null;
        if (_augmenters.IsNobody())
            throw new InvalidOperationException($"GIT run needs an augmenter pool, and node {_settings.Node} has none");
        return new LoaderAugmentation(_augmenters, learned);
    }

    /// <summary>The newest recorded checkpoint whose bytes match their hash; each one that does not is reported.</summary>
    private byte[]? VerifiedCheckpoint(WorkAssigned work)
    {
        foreach (var candidate in work.Checkpoints)
        {
            if (CheckpointStore.TryRead(candidate.Path, candidate.Sha256, out var bytes, out var problem)) return bytes;
            _log.Warning("rejecting checkpoint of epoch {0}: {1}", candidate.Epoch, problem);
            _supervisor.Tell(new CheckpointRejectedReport(work.SweepId, work.RunId, work.Attempt, work.FencingToken, candidate.Epoch, candidate.Path, problem!));
        }
        return null;
    }

    private void ScheduleChunk()
    {
        if (_chunkScheduled || _run is not { Buffer.Count: > 0 }) return;
        _chunkScheduled = true;
        Self.Tell(TrainChunk.Instance);
    }

    private void Chunk()
    {
        _chunkScheduled = false;
        try
        {
            // A chunk also ends after a second: one MUNIT iteration takes seconds on a CPU, eight would block status and stop.
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < _settings.ChunkSteps && _run is { Buffer.Count: > 0 } run && Stopwatch.GetElapsedTime(started) < MaxChunkTime; i++)
            {
                var batch = run.Buffer.Dequeue();
                run.Loader.Tell(new RequestBatches(1));
                Step(run, batch);
            }
        }
        catch (Exception e)
        {
            // Also the epoch's checkpoint and a job's artifact: they are written inside the step that ends the epoch.
            Fail(Describe(e), paused: false, e);
            return;
        }
        if (_run is null) return;                               // the chunk finished the run
        ReportProgress(_run, paused: false);
        ScheduleChunk();
    }

    private void Step(ActiveRun run, Batch batch)
    {
        if (batch.Epoch != run.NextEpoch || batch.Step != run.NextStep)
            throw new InvalidOperationException($"loader sent batch (epoch {batch.Epoch}, step {batch.Step}), expected (epoch {run.NextEpoch}, step {run.NextStep})");
        if (batch.Step == 0)
        {
            run.Workload.BeginEpoch(batch.Epoch);
            run.Epoch = batch.Epoch;
            run.Loss.Reset();
            run.EpochClock.Restart();
        }
        _settings.Faults.Reached(new FaultPoint(FaultPointKind.BeforeStep, run.Work.RunId, run.Work.Run.Config, batch.Epoch, batch.Step));
        var loss = run.Workload.TrainStep(batch);
        if (!double.IsFinite(loss)) throw new NonFiniteLossException(batch.Epoch, batch.Step, loss);
        run.Loss.Add(loss, batch.Size);
        run.StepsThisAttempt++;
        (run.NextEpoch, run.NextStep) = batch.Step + 1 == run.StepsPerEpoch ? (batch.Epoch + 1, 0) : (batch.Epoch, batch.Step + 1);
        if (batch.Step + 1 == run.StepsPerEpoch) EndEpoch(run, batch.Epoch);
    }

    private void EndEpoch(ActiveRun run, int epoch)
    {
        var work = run.Work;
        var seconds = run.EpochClock.Elapsed.TotalSeconds;
        var imagesPerSecond = seconds > 0 ? run.Loss.Images / seconds : 0;
        var summary = run.Workload.CompleteEpoch(epoch, run.Loss.Mean, imagesPerSecond);
        // The checkpoint must be durable before the event that names it exists.
        var path = CheckpointStore.PathFor(_settings.OutputRoot, work.SweepId, work.RunId, epoch, work.FencingToken);
        var sha = AtomicFile.Write(path, stream => run.Workload.SaveCheckpoint(stream, epoch));
        _settings.Faults.Reached(new FaultPoint(FaultPointKind.CheckpointWritten, work.RunId, work.Run.Config, epoch));
        _supervisor.Tell(new EpochReport(work.SweepId, work.RunId, work.Attempt, work.FencingToken, summary, path, sha));
        // A MUNIT checkpoint holds four networks and two Adam states (hundreds of MB), a bank job's every sample made
        // so far: keep this attempt's newest two only (an earlier attempt's files are named by its token, not touched).
        if (work.Run.Config.IsJob() && epoch > 2)
            CheckpointStore.Delete(CheckpointStore.PathFor(_settings.OutputRoot, work.SweepId, work.RunId, epoch - 2, work.FencingToken));
        if (epoch == run.Workload.TotalEpochs) FinishRun(run, paused: false);
    }

    private void FinishRun(ActiveRun run, bool paused)
    {
        _settings.Faults.Reached(new FaultPoint(FaultPointKind.BeforeFinalEvaluation, run.Work.RunId, run.Work.Run.Config, run.Workload.TotalEpochs));
        var result = run.Workload.Finish();
        GeneratorRef? generator = null;
        BankRef? bank = null;
        if (run.Workload is IArtifactWorkload artifact)
        {
            // Durable before the event that names it, like a checkpoint.
            var path = CheckpointStore.ArtifactPath(_settings.OutputRoot, run.Work.SweepId, run.Work.RunId, run.Work.FencingToken, artifact.ArtifactFileName);
            var point = new FaultPoint(FaultPointKind.GeneratorWriting, run.Work.RunId, run.Work.Run.Config, run.Workload.TotalEpochs);
            var sha = AtomicFile.Write(path, stream =>
            {
                artifact.SaveArtifact(stream);
                _settings.Faults.Reached(point);
            });
            if (run.Work.Run.Config.Bank is null) generator = new GeneratorRef(run.Work.RunId, path, sha);
            else bank = new BankRef(run.Work.RunId, path, sha);
        }
        _supervisor.Tell(new RunSucceeded(run.Work.SweepId, run.Work.RunId, run.Work.Attempt, run.Work.FencingToken, result, generator, bank));
        EndAttempt(paused);
    }

    private void Fail(string reason, bool paused, Exception? cause = null)
    {
        if (_run is null) return;
        var work = _run.Work;
        var report = EndReport(work, reason, cause);
        _log.Warning("run {0} attempt {1} {2}: {3}", work.RunId, work.Attempt,
            report is AttemptFaulted ? "hit a fault of the machine" : "failed", reason);
        _supervisor.Tell(report);
        EndAttempt(paused);
    }

    /// <summary>How a failed attempt is reported: a fault of the machine (disk full, permission denied) is not the run's
    /// failure and must not use up its engine.max-attempts.</summary>
    private static IAttemptReport EndReport(WorkAssigned work, string reason, Exception? cause) =>
        cause is not null && InfrastructureFault.Is(cause)
            ? new AttemptFaulted(work.SweepId, work.RunId, work.Attempt, work.FencingToken, reason)
            : new RunErrored(work.SweepId, work.RunId, work.Attempt, work.FencingToken, reason);

    /// <summary>The attempt is over (done, failed or superseded): free it, ask for work, and wait idle as paused as before.</summary>
    private void EndAttempt(bool paused)
    {
        EndRun();
        RequestWork();
        Become(paused ? IdlePaused : Idle);
    }

    private void StopTrainer()
    {
        if (_run is { Work: var work })
            _supervisor.Tell(new AttemptAbandoned(work.SweepId, work.RunId, work.Attempt, work.FencingToken, $"trainer {_slot.Name} stopped"));
        EndRun();
        Context.Stop(Self);
    }

    private void EndRun()
    {
        if (_run is null) return;
        var run = _run;
        _run = null;
        if (!run.Loader.IsNobody()) Context.Stop(run.Loader);
        try
        {
            run.Workload.Dispose();
        }
        catch (Exception e)
        {
            _log.Error(e, "disposing the workload of run {0} failed", run.Work.RunId);
        }
    }

    private void RequestWork()
    {
        _supervisor.Tell(new RequestWork(_settings.Node, _slot.Name));
        StartIdleTimer();
    }

    private void StartIdleTimer() => Timers.StartPeriodicTimer(IdleTimer, IdleTick.Instance, _settings.IdleRecheck);

    private bool IsCurrentLoader(IActorRef sender) => _run is not null && sender.Equals(_run.Loader);

    private void ReportProgress(ActiveRun run, bool paused)
    {
        var status = Status(paused);
        _supervisor.Tell(new TrainerProgress(run.Work.SweepId, _settings.Node, _slot.Name, run.Work.RunId, run.Work.Run.Label, run.Work.Attempt,
            run.Work.FencingToken, status.Epoch, status.TotalEpochs, status.Step, status.StepsPerEpoch, status.ImagesPerSecond, status.Eta));
    }

    private TrainerStatus Status(bool paused)
    {
        if (_run is not { } run)
            return new TrainerStatus(_settings.Node, _slot.Name, paused ? TrainerActivity.Paused : TrainerActivity.Idle, null, 0, 0, 0, 0, 0, 0, null);
        var seconds = run.EpochClock.Elapsed.TotalSeconds;
        var imagesPerSecond = seconds > 0 ? run.Loss.Images / seconds : 0;
        var total = run.Workload.TotalEpochs;
        var stepsLeft = (long)(total - run.NextEpoch + 1) * run.StepsPerEpoch - run.NextStep;
        var attemptSeconds = run.AttemptClock.Elapsed.TotalSeconds;
        TimeSpan? eta = run.StepsThisAttempt > 0 && attemptSeconds > 0
            ? TimeSpan.FromSeconds(stepsLeft * attemptSeconds / run.StepsThisAttempt)
            : null;
        return new TrainerStatus(_settings.Node, _slot.Name, paused ? TrainerActivity.Paused : TrainerActivity.Training,
            run.Work.RunId, run.Work.Attempt, run.Epoch, run.Loss.Steps, run.StepsPerEpoch, total, imagesPerSecond, eta);
    }

    private static string Describe(Exception e) => e switch
    {
        NonFiniteLossException n => n.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
