using GitActors.Models.Training;

namespace GitActors.Models.Experiments.Reports;

/// <summary>The one eKLD figure a run is compared by, shared by the reports, the CSV export and TensorBoard.</summary>
public static class RunEkld
{
    /// <summary>
    /// The class-averaged eKLD under the data's true nuisance (the mean over them if several), or under the learned T~
    /// when the data has no true one; null without an eKLD report. Never a mix of the two: whether a run also measured
    /// T~ must not move the figure it is compared by.
    /// </summary>
    public static double? Mean(RunResult? result)
    {
        var reports = result?.Ekld.Where(r => r.PerClassEkld.Length > 0).ToList();
        if (reports is not { Count: > 0 }) return null;
        var truth = reports.Where(r => r.Transform != ClassifierEvaluation.LearnedTransformName).ToList();
        return (truth.Count > 0 ? truth : reports).Average(r => r.PerClassEkld.Average());
    }
}
