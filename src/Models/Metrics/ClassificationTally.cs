using static TorchSharp.torch;

namespace GitActors.Models.Metrics;

/// <summary>Accumulates per-class hit counts batch by batch, so a test set never has to sit on the device at once.</summary>
public sealed class ClassificationTally
{
    private readonly long[] _count;
    private readonly long[] _top1Hits;
    private long _topKHits;

    public ClassificationTally(int classCount)
    {
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount));
        ClassCount = classCount;
        _count = new long[classCount];
        _top1Hits = new long[classCount];
    }

    public int ClassCount { get; }

    public int TopK => ClassificationMetrics.TopKFor(ClassCount);

    public long Total { get; private set; }

    /// <summary>Scores one batch of logits (N x C, any device) against its labels (N).</summary>
    public void Add(Tensor logits, Tensor labels)
    {
        if (logits.ndim != 2 || logits.shape[1] != ClassCount)
            throw new ArgumentException($"expected N x {ClassCount} logits, got [{string.Join(", ", logits.shape)}]");
        if (labels.numel() != logits.shape[0])
            throw new ArgumentException($"{labels.numel()} labels for {logits.shape[0]} rows of logits");
        using var scope = NewDisposeScope();
        var (_, topIndices) = logits.detach().topk(TopK, dim: 1, largest: true, sorted: true);
        var target = labels.to(ScalarType.Int64, logits.device).reshape(-1, 1);
        var hits = topIndices.eq(target).any(1).cpu();
        var predictions = topIndices.select(1, 0).cpu();
        var labelsCpu = target.reshape(-1).cpu();
        var p = predictions.data<long>();
        var h = hits.data<bool>();
        var y = labelsCpu.data<long>();
        for (var i = 0; i < p.Count; i++) Record((int)p[i], h[i], (int)y[i]);
    }

    public void Add(ReadOnlySpan<int> predictions, ReadOnlySpan<bool> topKHits, ReadOnlySpan<int> labels)
    {
        if (predictions.Length != labels.Length || topKHits.Length != labels.Length)
            throw new ArgumentException($"{predictions.Length} predictions and {topKHits.Length} top-k flags for {labels.Length} labels");
        for (var i = 0; i < labels.Length; i++) Record(predictions[i], topKHits[i], labels[i]);
    }

    public ClassificationMetrics ToMetrics()
    {
        if (Total == 0) throw new InvalidOperationException("no test images were scored");
        var perClass = new double[ClassCount];
        var missing = new List<int>();
        double sum = 0;
        for (var c = 0; c < ClassCount; c++)
        {
            if (_count[c] == 0)
            {
                perClass[c] = double.NaN;
                missing.Add(c);
                continue;
            }
            perClass[c] = (double)_top1Hits[c] / _count[c];
            sum += perClass[c];
        }
        return new ClassificationMetrics(
            BalancedAccuracy: sum / (ClassCount - missing.Count),
            Top1: (double)_top1Hits.Sum() / Total,
            Top5: (double)_topKHits / Total,
            TopK: TopK,
            PerClassAccuracy: perClass,
            PerClassCount: _count.Select(n => (int)n).ToArray(),
            ClassesWithoutImages: missing.ToArray());
    }

    private void Record(int prediction, bool topKHit, int label)
    {
        if ((uint)label >= (uint)ClassCount) throw new ArgumentException($"label {label} is outside 0..{ClassCount - 1}");
        _count[label]++;
        if (prediction == label) _top1Hits[label]++;
        if (topKHit) _topKHits++;
        Total++;
    }
}
