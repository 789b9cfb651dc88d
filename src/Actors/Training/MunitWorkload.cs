using GitActors.Models.Data;
using GitActors.Models.Training.Munit;
using TorchSharp;

namespace GitActors.Actors.Training;

/// <summary>
/// A sweep's MUNIT job as the trainer drives it: an "epoch" is a block of IterationsPerBlock iterations, so the job
/// checkpoints, reports and resumes like any run. MunitJob draws its own class-balanced images (its streams' RNG
/// states are in the checkpoint), so the loader only paces it with empty one-image batches (PacingSource). Finish leaves the
/// translator T~ (the spec's Translation) as the run's artifact, which the trainer writes atomically and the journal records.
/// </summary>
public sealed class MunitWorkload : IRunWorkload, IArtifactWorkload
{
    public const string GeneratorFileName = "generator.munit";

    private readonly RunConfig _config;
    private readonly MunitJobSpec _spec;
    private readonly MunitJob _job;
    private readonly DateTime _started = DateTime.UtcNow;

    private MunitWorkload(RunConfig config, MunitJobSpec spec, MunitJob job, int startEpoch)
    {
        _config = config;
        _spec = spec;
        _job = job;
        StartEpoch = startEpoch;
    }

    /// <summary>A fresh job, or one resumed from a checkpoint taken at the end of a block.</summary>
    public static MunitWorkload Create(RunConfig config, ImageSet train, string device, Stream? checkpoint)
    {
        var spec = config.Munit ?? throw new ArgumentException("not a MUNIT job config", nameof(config));
        if (spec.Steps < 1 || spec.IterationsPerBlock < 1 || spec.Steps % spec.IterationsPerBlock != 0)
            throw new ArgumentException($"MUNIT job of {spec.Steps} steps cannot run in blocks of {spec.IterationsPerBlock}");
        var job = new MunitJob(train, config.Seed, torch.device(device), spec.TrainerOptions(train.Shape), spec.Translation);
        try
        {
            if (checkpoint is null) return new MunitWorkload(config, spec, job, 1);
            job.LoadCheckpoint(checkpoint, "MUNIT job checkpoint");
            if (job.Iteration % spec.IterationsPerBlock != 0)
                throw new InvalidDataException($"MUNIT job checkpoint is at iteration {job.Iteration}, not at the end of a block of {spec.IterationsPerBlock}");
            return new MunitWorkload(config, spec, job, (int)(job.Iteration / spec.IterationsPerBlock) + 1);
        }
        catch
        {
            job.Dispose();
            throw;
        }
    }

    public int TotalEpochs => _spec.BlockCount();

    public int StartEpoch { get; }

    public string ArtifactFileName => GeneratorFileName;

    public IBatchSource CreateBatchSource() => new PacingSource(_spec.IterationsPerBlock);

    public void BeginEpoch(int epoch)
    {
        var expected = (long)(epoch - 1) * _spec.IterationsPerBlock;
        if (_job.Iteration != expected)
            throw new InvalidOperationException($"MUNIT block {epoch} should start at iteration {expected}, the job is at {_job.Iteration}");
    }

    /// <summary>One dis_update + gen_update; the generator's weighted total loss is the step's loss.</summary>
    public double TrainStep(Batch batch) => _job.Step().GenTotal;

    public EpochSummary CompleteEpoch(int epoch, double meanLoss, double imagesPerSecond) =>
        new(epoch, meanLoss, MunitLrSchedule.LearningRate(_spec.Hyper, Math.Max(0, _job.Iteration - 1)), double.NaN,
            imagesPerSecond, _spec.IterationsPerBlock);

    public void SaveCheckpoint(Stream destination, int completedEpochs) => _job.SaveCheckpoint(destination);

    public void SaveArtifact(Stream destination) => _job.SaveGenerator(destination);

    /// <summary>A job has no classifier metrics: accuracies are NaN, there is no eKLD.</summary>
    public RunResult Finish() =>
        new(double.NaN, double.NaN, double.NaN, [], [], [], TotalEpochs, (DateTime.UtcNow - _started).TotalSeconds);

    public void Dispose() => _job.Dispose();
}
