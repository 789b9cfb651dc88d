using GitActors.Models.Metrics;

namespace GitActors.Models.Training;

/// <summary>Per-class invariance under one nuisance model (SPEC 8): eKLD and argmax agreement by class.</summary>
public sealed record EkldReport(string Transform, double[] PerClassEkld, double[] PerClassArgmaxAgreement, int ImagesPerClass, int TransformsPerImage)
{
    // Built here, not in Metrics: the metric knows nothing of the training records (Metrics sits below Training).
    public static EkldReport From(EkldResult result, string transform, int imagesPerClass) =>
        new(transform, result.PerClassEkld, result.PerClassArgmaxAgreement, imagesPerClass, result.TransformsPerImage);
}

/// <summary>The complete outcome of a finished classifier run: every headline metric of the ML core.</summary>
public sealed record RunResult(
    double BalancedAccuracy,
    double Top1,
    double Top5,
    double[] PerClassAccuracy,
    int[] TrainClassCounts,
    IReadOnlyList<EkldReport> Ekld,
    int Epochs,
    double TrainSeconds);

/// <summary>What one finished epoch reports.</summary>
public sealed record EpochSummary(int Epoch, double TrainLoss, double Lr, double BalancedAccuracy, double ImagesPerSecond, int Steps);
