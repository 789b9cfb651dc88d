using GitActors.Models.Experiments.Reports;


namespace GitActors.Host.Reports;

/// <summary>What `report --json` prints, and what the dashboard's /api/sweeps/ID/report returns (its Plots are URLs there).</summary>
internal sealed record ReportOutput(string Intervals, SweepReport Report, IReadOnlyList<string> Plots)
{
    public const string IntervalsNote =
        "each metric: mean, standardError = s/sqrt(n), lower/upper = 95% Student-t bounds, count = completed runs; accuracies are fractions";

    public static ReportOutput Of(SweepReport report, IReadOnlyList<string> plots) => new(IntervalsNote, report, plots);
}
