namespace GitActors.Models.Training;

/// <summary>
/// Makes the batches of one run. Build(epoch, step) depends only on the run's config, seed, epoch and step
/// (every random draw comes from a stream keyed by them), so batches can be made out of order, ahead of the trainer,
/// or again after a crash. One instance is used by one thread at a time.
/// </summary>
public interface IBatchSource
{
    int StepsPerEpoch { get; }

    /// <summary>Epoch is 1-based, step 0-based within the epoch.</summary>
    Batch Build(int epoch, int step);
}
