namespace GitActors.Actors.Journal.Schema;

// A finished run's result as run-completed.v1 stores it: the JSON RunResult and EkldReport wrote when it was fixed.

public sealed record RunResultV1(
    double BalancedAccuracy,
    double Top1,
    double Top5,
    double[] PerClassAccuracy,
    int[] TrainClassCounts,
    EkldReportV1[] Ekld,
    int Epochs,
    double TrainSeconds);

public sealed record EkldReportV1(string Transform, double[] PerClassEkld, double[] PerClassArgmaxAgreement, int ImagesPerClass, int TransformsPerImage);
