using System.Globalization;
using System.Text;
using GitActors.Models.Experiments.Reports;
using Newtonsoft.Json;

namespace GitActors.Actors.Journal;

/// <summary>A sweep's results for analysis: full JSON (configs, results, per-class metrics) or one CSV row per run.</summary>
public static class JournalExport
{
    public static readonly string[] CsvColumns =
    [
        "run_id", "label", "dataset", "ordering", "model", "method", "seed", "state",
        "epochs", "balanced_accuracy", "top1", "top5", "mean_ekld",
        "kind", "iterations", "train_loss", "artifact_sha256",
    ];

    /// <summary>Everything the projection knows, runs in plan order; the same JSON conventions as the journal.</summary>
    public static string ToJson(SweepSummary sweep) => EventJson.ToJson(new
    {
        sweep.SweepId,
        sweep.Name,
        sweep.StartedAt,
        sweep.CompletedAt,
        Runs = sweep.Runs.ToList(),
    }, Formatting.Indented);

    public static string ToCsv(SweepSummary sweep)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', CsvColumns)).Append('\n');
        foreach (var run in sweep.Runs)
        {
            var config = run.Config;
            var result = run.Result;
            var classifier = run.Kind == RunKind.Classifier;
            string[] cells =
            [
                run.RunId,
                run.Label,
                config?.Data.Dataset ?? "",
                config is null ? "" : Number(config.Data.Ordering),
                config is null || !classifier ? "" : ConfigNames.Name(config.Model),
                config is null || !classifier ? "" : ConfigNames.MethodName(config.Loss.Kind, config.Rule, config.Augment.Kind),
                config is null ? "" : Number(config.Seed),
                run.State.ToString().ToLowerInvariant(),
                Number(run.LastEpoch),
                result is null ? "" : Number(result.BalancedAccuracy),
                result is null ? "" : Number(result.Top1),
                result is null ? "" : Number(result.Top5),
                RunEkld.Mean(result) is { } ekld ? Number(ekld) : "",
                RunKinds.Name(run.Kind),
                run.JobIterations is { } iterations ? Number(iterations) : "",
                run.LastTrainLoss is { } loss ? Number(loss) : "",
                run.ArtifactSha256 ?? "",
            ];
            csv.Append(string.Join(',', cells.Select(Quote))).Append('\n');
        }
        return csv.ToString();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>RFC 4180: quote cells holding a comma, quote or line break; double inner quotes.</summary>
    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"") + "\"";
}
