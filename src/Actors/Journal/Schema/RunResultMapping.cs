namespace GitActors.Actors.Journal.Schema;

/// <summary>RunResult to and from its persisted form; arrays are shared, not copied (neither side mutates them).</summary>
internal static class RunResultMapping
{
    public static RunResultV1 ToPersisted(RunResult r) => new(
        r.BalancedAccuracy, r.Top1, r.Top5, r.PerClassAccuracy, r.TrainClassCounts,
        r.Ekld.Select(e => new EkldReportV1(e.Transform, e.PerClassEkld, e.PerClassArgmaxAgreement, e.ImagesPerClass, e.TransformsPerImage)).ToArray(),
        r.Epochs, r.TrainSeconds);

    public static RunResult ToDomain(RunResultV1 r) => new(
        r.BalancedAccuracy, r.Top1, r.Top5, r.PerClassAccuracy, r.TrainClassCounts,
        r.Ekld.Select(e => new EkldReport(e.Transform, e.PerClassEkld, e.PerClassArgmaxAgreement, e.ImagesPerClass, e.TransformsPerImage)).ToArray(),
        r.Epochs, r.TrainSeconds);
}
