using GitActors.Models.Data.Datasets;

namespace GitActors.Actors.Tests.Training;

/// <summary>
/// A classifier workload as the engine runs it, with every batch a learned augmentation touched checked against the
/// same run's batch made without it: the rows Algorithm 1 listed arrive replaced, every other row untouched.
/// Subclasses watch the run's end.
/// </summary>
internal class WatchedClassifierWorkload(RunConfig config, DatasetBundle data, ClassifierWorkload inner) : IRunWorkload, IAugmentedWorkload
{
    private readonly ClassifierBatchSource _reference = new(config, data);

    protected ClassifierWorkload Inner => inner;

    protected RunConfig Config => config;

    /// <summary>Batches in which the augmentation replaced at least one row.</summary>
    public int BatchesWithReplacedRows;

    public int TotalEpochs => inner.TotalEpochs;
    public int StartEpoch => inner.StartEpoch;
    public LearnedAugmentation? Augmentation => inner.Augmentation;
    public IBatchSource CreateBatchSource() => inner.CreateBatchSource();
    public void BeginEpoch(int epoch) => inner.BeginEpoch(epoch);

    public double TrainStep(Batch batch)
    {
        if (config.Augment.Kind == AugmentKind.Git)   // from the pool or from a bank
        {
            var made = _reference.Build(batch.Epoch, batch.Step);
            var size = data.Shape.PixelCount;
            Assert.Empty(batch.AugmentRows);
            for (var row = 0; row < batch.Size; row++)
            {
                var same = made.Images.AsSpan(row * size, size).SequenceEqual(batch.Images.AsSpan(row * size, size));
                Assert.Equal(!made.AugmentRows.Contains(row), same);
            }
            if (made.AugmentRows.Length > 0) Interlocked.Increment(ref BatchesWithReplacedRows);
        }
        return inner.TrainStep(batch);
    }

    public EpochSummary CompleteEpoch(int epoch, double meanLoss, double imagesPerSecond) => inner.CompleteEpoch(epoch, meanLoss, imagesPerSecond);
    public void SaveCheckpoint(Stream destination, int completedEpochs) => inner.SaveCheckpoint(destination, completedEpochs);
    public virtual RunResult Finish() => inner.Finish();
    public void Dispose() => inner.Dispose();
}
