using GitActors.Actors.Augmentation;
using GitActors.Models.Data.Datasets;
using GitActors.Models.Training.Bank;
using GitActors.Models.Training.Munit;
using TorchSharp;

namespace GitActors.Actors.Training;

/// <summary>
/// A sweep's augmentation bank job as the trainer drives it: its blocks are the engine's epochs (a checkpoint of the
/// samples made so far after each), its steps generate BankJob.SamplesPerStep samples each with the recorded generator
/// on the trainer's device. Finish leaves the bank file as the run's artifact, named by its inputs
/// (BankJob.FileName), which the trainer writes atomically and the journal records (BankRecorded).
/// </summary>
public sealed class BankWorkload : IRunWorkload, IArtifactWorkload
{
    private readonly BankJob _job;
    private readonly DateTime _started = DateTime.UtcNow;

    private BankWorkload(BankJob job, string fileName, int startEpoch)
    {
        _job = job;
        ArtifactFileName = fileName;
        StartEpoch = startEpoch;
    }

    /// <summary>A fresh job, or one resumed from the checkpoint of its last completed block.</summary>
    public static BankWorkload Create(RunConfig config, DatasetBundle data, string device, Stream? checkpoint, GeneratorRef? generator)
    {
        var spec = config.Bank ?? throw new ArgumentException("not a bank job config", nameof(config));
        if (generator is null) throw new InvalidOperationException("a bank job needs its MUNIT job's generator, and none was recorded");
        var stylesPerClass = BankAllocation.StylesPerClass(data.TrainClassCounts, spec.Rule, spec.Augment, spec.Schedule);
        var header = new BankHeader(data.Shape, spec.MaxStyles(), config.Seed, generator.Sha256,
            BankAllocation.StylesPerImage(data.Train.Labels, stylesPerClass));
        var target = torch.device(device);
        var sampler = RecordedGenerator.Load(generator, target);
        BankJob job;
        try
        {
            job = new BankJob(data.Train, header, spec.Blocks, sampler, target);
        }
        catch
        {
            sampler.Dispose();
            throw;
        }
        try
        {
            var start = checkpoint is null ? 1 : job.LoadCheckpoint(checkpoint, "bank job checkpoint") + 1;
            var name = BankJob.FileName(generator.Sha256, config.Data, config.Seed, spec.MaxStyles(), stylesPerClass);
            return new BankWorkload(job, name, start);
        }
        catch
        {
            job.Dispose();
            throw;
        }
    }

    public int TotalEpochs => _job.Blocks;

    public int StartEpoch { get; }

    public string ArtifactFileName { get; }

    public IBatchSource CreateBatchSource() => new PacingSource(_job.StepsPerBlock, _job.SamplesIn);

    public void BeginEpoch(int epoch)
    {
        if (_job.CompletedBlocks != epoch - 1)
            throw new InvalidOperationException($"bank block {epoch} should follow block {epoch - 1}, the job has completed {_job.CompletedBlocks}");
    }

    /// <summary>Generates the step's samples; there is no loss, so 0.</summary>
    public double TrainStep(Batch batch)
    {
        _job.Step(batch.Epoch, batch.Step);
        return 0;
    }

    public EpochSummary CompleteEpoch(int epoch, double meanLoss, double imagesPerSecond)
    {
        _job.CompleteBlock(epoch);
        return new EpochSummary(epoch, 0, 0, double.NaN, imagesPerSecond, _job.StepsPerBlock);
    }

    public void SaveCheckpoint(Stream destination, int completedEpochs) => _job.SaveCheckpoint(destination);

    public void SaveArtifact(Stream destination) => _job.SaveBank(destination);

    /// <summary>A job has no classifier metrics: accuracies are NaN, there is no eKLD.</summary>
    public RunResult Finish() =>
        new(double.NaN, double.NaN, double.NaN, [], [], [], TotalEpochs, (DateTime.UtcNow - _started).TotalSeconds);

    public void Dispose() => _job.Dispose();
}
