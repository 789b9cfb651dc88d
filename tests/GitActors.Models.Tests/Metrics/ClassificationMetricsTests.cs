using GitActors.Models.Metrics;
using static TorchSharp.torch;

namespace GitActors.Models.Tests.Metrics;

[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
public sealed class ClassificationMetricsTests
{
    [Fact]
    public void Balanced_accuracy_averages_per_class_accuracy_over_classes_with_images()
    {
        // Class 0: 3 of 4 right; class 1: 1 of 2; class 2: 1 of 1; class 3: no test images.
        int[] labels = [0, 0, 0, 0, 1, 1, 2];
        int[] predictions = [0, 0, 1, 0, 1, 0, 2];
        bool[] topK = [true, true, true, true, true, false, true];
        var metrics = ClassificationMetrics.FromPredictions(predictions, topK, labels, classCount: 4);

        Assert.Equal((0.75 + 0.5 + 1.0) / 3, metrics.BalancedAccuracy, 12);
        Assert.Equal(5.0 / 7, metrics.Top1, 12);
        Assert.Equal(6.0 / 7, metrics.Top5, 12);
        Assert.Equal(new[] { 0.75, 0.5, 1.0 }, metrics.PerClassAccuracy.Take(3));
        Assert.True(double.IsNaN(metrics.PerClassAccuracy[3]));
        Assert.Equal(new[] { 3 }, metrics.ClassesWithoutImages);
        Assert.Equal(new[] { 4, 2, 1, 0 }, metrics.PerClassCount);
        Assert.Equal(4, metrics.TopK);
    }

    [Fact]
    public void Top5_counts_labels_among_the_five_highest_logits()
    {
        // Seven classes. Row 0: label 4 is ranked 5th -> hit, not top-1. Row 1: label 0 ranked 6th -> miss.
        // Row 2: label 6 ranked 1st -> top-1 hit.
        using var logits = tensor(new float[]
        {
            7, 6, 5, 4, 3, 2, 1,
            2, 7, 6, 5, 4, 3, 1,
            0, 1, 2, 3, 4, 5, 9,
        }).reshape(3, 7);
        using var labels = tensor(new long[] { 4, 0, 6 });
        var metrics = ClassificationMetrics.FromLogits(logits, labels);

        Assert.Equal(5, metrics.TopK);
        Assert.Equal(2.0 / 3, metrics.Top5, 12);
        Assert.Equal(1.0 / 3, metrics.Top1, 12);
        Assert.Equal(new[] { 1, 0, 0, 0, 1, 0, 1 }, metrics.PerClassCount);
        Assert.Equal(1.0 / 3, metrics.BalancedAccuracy, 12); // classes 0, 4, 6 have one image each; only 6 is right
    }

    [Fact]
    public void Top_k_shrinks_to_the_class_count()
    {
        using var logits = tensor(new float[] { 3, 2, 1, 1, 2, 3 }).reshape(2, 3);
        using var labels = tensor(new long[] { 2, 2 });
        var metrics = ClassificationMetrics.FromLogits(logits, labels);
        Assert.Equal(3, metrics.TopK);
        Assert.Equal(1.0, metrics.Top5);
        Assert.Equal(0.5, metrics.Top1);
    }

    [Fact]
    public void Tally_over_batches_equals_one_pass()
    {
        using var logits = randn(40, 6, generator: new Generator(7));
        using var labels = randint(0, 6, [40], generator: new Generator(8));
        var whole = ClassificationMetrics.FromLogits(logits, labels);
        var tally = new ClassificationTally(6);
        tally.Add(logits.narrow(0, 0, 17), labels.narrow(0, 0, 17));
        tally.Add(logits.narrow(0, 17, 23), labels.narrow(0, 17, 23));
        var batched = tally.ToMetrics();
        Assert.Equal(whole.BalancedAccuracy, batched.BalancedAccuracy);
        Assert.Equal(whole.Top5, batched.Top5);
        Assert.Equal(whole.PerClassAccuracy, batched.PerClassAccuracy);
    }

    [Fact]
    public void Out_of_range_labels_are_rejected() =>
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.FromPredictions([0], [true], [5], classCount: 3));
}
