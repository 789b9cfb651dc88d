using static TorchSharp.torch;

namespace GitActors.Models.Metrics;

/// <summary>
/// Test-set accuracy (SPEC 8). Balanced accuracy is the mean of per-class accuracies over the classes that have test
/// images; classes without any are listed in <see cref="ClassesWithoutImages"/> and their accuracy is NaN.
/// Top-5 is top-k with k = min(5, classes).
/// </summary>
public sealed record ClassificationMetrics(
    double BalancedAccuracy,
    double Top1,
    double Top5,
    int TopK,
    double[] PerClassAccuracy,
    int[] PerClassCount,
    int[] ClassesWithoutImages)
{
    public static int TopKFor(int classCount) => Math.Min(5, classCount);

    /// <param name="logits">N x C.</param>
    /// <param name="labels">N label ids (any integer dtype).</param>
    public static ClassificationMetrics FromLogits(Tensor logits, Tensor labels)
    {
        var tally = new ClassificationTally((int)logits.shape[1]);
        tally.Add(logits, labels);
        return tally.ToMetrics();
    }

    /// <param name="predictions">Top-1 predicted label per image.</param>
    /// <param name="topKHits">Whether the label is among the k = min(5, C) highest logits, per image.</param>
    public static ClassificationMetrics FromPredictions(ReadOnlySpan<int> predictions, ReadOnlySpan<bool> topKHits, ReadOnlySpan<int> labels, int classCount)
    {
        var tally = new ClassificationTally(classCount);
        tally.Add(predictions, topKHits, labels);
        return tally.ToMetrics();
    }
}
