namespace GitActors.Actors.Training;

/// <summary>
/// Batches without images for jobs that read their own data (MUNIT, bank): they only count steps for the engine.
/// Each carries as many (empty) labels as the step handles images, so the trainer's images/s means something.
/// </summary>
internal sealed class PacingSource(int stepsPerEpoch, Func<int, int, int>? imagesAt = null) : IBatchSource
{
    public int StepsPerEpoch => stepsPerEpoch;

    public Batch Build(int epoch, int step) => new(epoch, step, [], new long[imagesAt?.Invoke(epoch, step) ?? 1], [], []);
}
