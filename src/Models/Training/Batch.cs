namespace GitActors.Models.Training;

/// <summary>
/// One training batch, ready for the network: images normalised to the LT-train statistics, channel-first floats.
/// A batch is a pure function of (run config, epoch, step), so a loader can make it ahead of time and a resumed run
/// sees exactly the batches an uninterrupted one would.
/// AugmentRows lists the rows the learned nuisance model (GIT) must still transform before the step; empty otherwise.
/// </summary>
public sealed record Batch(int Epoch, int Step, float[] Images, long[] Labels, int[] SourceIndices, int[] AugmentRows)
{
    public int Size => Labels.Length;
}
