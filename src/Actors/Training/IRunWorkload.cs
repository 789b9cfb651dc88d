using GitActors.Models.Data;

namespace GitActors.Actors.Training;

/// <summary>
/// One run's training as a trainer actor drives it, step by step on its pinned thread. Implementations are not
/// thread-safe; only the owning trainer calls them. The classifier workload lives over the ML core; MUNIT jobs
/// implement the same shape.
/// </summary>
public interface IRunWorkload : IDisposable
{
    int TotalEpochs { get; }

    /// <summary>First epoch still to train (1-based): 1 for a fresh run, k+1 when resumed from a checkpoint of epoch k.</summary>
    int StartEpoch { get; }

    /// <summary>A batch maker for the data-loader actor; it runs on the loader's thread, independent of this workload.</summary>
    IBatchSource CreateBatchSource();

    /// <summary>Sets lr and loss weights for the epoch; called once before its first step.</summary>
    void BeginEpoch(int epoch);

    /// <summary>One optimisation step; returns the batch loss. Throws NonFiniteLossException on NaN or infinity.</summary>
    double TrainStep(Batch batch);

    /// <summary>Ends the epoch: evaluation and the summary the journal records.</summary>
    EpochSummary CompleteEpoch(int epoch, double meanLoss, double imagesPerSecond);

    /// <summary>Writes everything a resume needs (model, optimizer, epoch) to the stream.</summary>
    void SaveCheckpoint(Stream destination, int completedEpochs);

    /// <summary>Final evaluation: all metrics, eKLD included.</summary>
    RunResult Finish();
}

/// <summary>Builds workloads; a verified checkpoint stream (or null for a fresh start) is given for resumes.</summary>
public interface IRunWorkloadFactory
{
    IRunWorkload Create(RunConfig config, string device, Stream? checkpoint);

    /// <summary>With what the node offers the run: its recorded generator and the augmenter pool (for GIT and eKLD under T~).</summary>
    IRunWorkload Create(RunConfig config, string device, Stream? checkpoint, RunResources resources) => Create(config, device, checkpoint);
}

/// <summary>The run's MUNIT generator (null: none recorded), this node's augmenter pool (Nobody: none), and the recorded
/// augmentation bank of a GIT run with the bank option.</summary>
public sealed record RunResources(GeneratorRef? Generator, IActorRef Augmenters, BankRef? Bank = null)
{
    public static RunResources None { get; } = new(null, ActorRefs.Nobody);
}

/// <summary>A workload that leaves a file behind when it finishes (a MUNIT job's generator, a bank job's bank); the trainer writes it atomically.</summary>
public interface IArtifactWorkload
{
    string ArtifactFileName { get; }

    void SaveArtifact(Stream destination);
}

/// <summary>A workload whose batches list rows (Batch.AugmentRows) for T~: its loader has the pool transform them.</summary>
public interface IAugmentedWorkload
{
    /// <summary>Null when this run's batches need nothing from the pool.</summary>
    LearnedAugmentation? Augmentation { get; }
}

/// <summary>What a loader needs to have GIT rows transformed: the generator, the image layout and normalisation, the run seed.</summary>
public sealed record LearnedAugmentation(GeneratorRef Generator, ImageShape Shape, float[] Mean, float[] Std, long Seed);
