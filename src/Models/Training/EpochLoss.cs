namespace GitActors.Models.Training;

/// <summary>
/// An epoch's train loss as every training loop reports it (`gitactors train`, the engine's trainer, the MUNIT
/// judge): the mean over the epoch's images, each batch's mean loss weighted by its rows, so a short last batch
/// counts for what it holds.
/// </summary>
public sealed class EpochLoss
{
    private double _weightedSum;

    /// <summary>Batches added since the epoch began.</summary>
    public int Steps { get; private set; }

    /// <summary>Images (rows) added since the epoch began.</summary>
    public long Images { get; private set; }

    /// <summary>The mean loss per image so far; NaN before the first batch.</summary>
    public double Mean => Images == 0 ? double.NaN : _weightedSum / Images;

    public void Add(double batchMeanLoss, int rows)
    {
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows), rows, "a batch has at least one row");
        _weightedSum += batchMeanLoss * rows;
        Images += rows;
        Steps++;
    }

    public void Reset()
    {
        _weightedSum = 0;
        Images = 0;
        Steps = 0;
    }
}
