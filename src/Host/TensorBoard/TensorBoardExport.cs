using GitActors.Models.Experiments.Reports;
using GitActors.Models.Training;

namespace GitActors.Host.TensorBoard;

/// <summary>
/// Writes each classifier run's TensorBoard event files from the journal (TorchSharp's SummaryWriter) under
/// ROOT/&lt;sweep-id&gt;/&lt;run-label&gt;: per epoch (step = epoch) train/loss, train/lr, eval/balanced_accuracy and
/// train/images_per_second, from the same training curves as `report` (stale attempts left out); at the end
/// (step = class index) final/class_size, final/class_accuracy and final/class_ekld/&lt;transform&gt;, and (step = epochs)
/// final/balanced_accuracy, final/top1, final/mean_ekld. A run's folder is rewritten whole each time, so running it
/// again never doubles a curve. The journal is the source, so runs trained on other nodes get their files too.
/// </summary>
internal static class TensorBoardExport
{
    public const string FilePrefix = "events.out.tfevents.";

    /// <summary>Returns the run folders written, in plan order. MUNIT jobs (no classifier metrics) are left out.</summary>
    public static IReadOnlyList<string> Write(string root, string sweepId, IReadOnlyList<ISweepEvent> events)
    {
        var sweep = SweepProjection.Fold(sweepId, events);
        var curves = TrainingCurves.Build(sweep, events).ToDictionary(c => c.RunId, StringComparer.Ordinal);
        var folders = new List<string>();
        foreach (var run in sweep.Runs.Where(r => r.Config?.IsJob() != true))
        {
            var curve = curves.GetValueOrDefault(run.RunId);
            if (curve is null && run.Result is null) continue;
            var folder = Path.GetFullPath(Path.Combine(root, SafeFileName.Of(sweepId), SafeFileName.Of(run.Label)));
            Directory.CreateDirectory(folder);
            foreach (var old in Directory.EnumerateFiles(folder, FilePrefix + "*")) File.Delete(old);
            var writer = torch.utils.tensorboard.SummaryWriter(folder);
            foreach (var epoch in curve?.Epochs ?? [])
            {
                Add(writer, "train/loss", (float)epoch.TrainLoss, epoch.Epoch);
                Add(writer, "train/lr", (float)epoch.Lr, epoch.Epoch);
                Add(writer, "eval/balanced_accuracy", (float)epoch.BalancedAccuracy, epoch.Epoch);
                Add(writer, "train/images_per_second", (float)epoch.ImagesPerSecond, epoch.Epoch);
            }
            if (run.Result is { } result) WriteFinal(writer, result);
            folders.Add(folder);
        }
        return folders;
    }

    /// <summary>TorchSharp's default wall time is 0 (or .NET ticks); TensorBoard wants Unix seconds (float: ~2 min steps).</summary>
    private static void Add(TorchSharp.Modules.SummaryWriter writer, string tag, float value, int step) =>
        writer.add_scalar(tag, value, step, DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private static void WriteFinal(TorchSharp.Modules.SummaryWriter writer, RunResult result)
    {
        for (var c = 0; c < result.TrainClassCounts.Length; c++)
        {
            Add(writer, "final/class_size", result.TrainClassCounts[c], c);
            Add(writer, "final/class_accuracy", (float)result.PerClassAccuracy[c], c);
            foreach (var ekld in result.Ekld) Add(writer, $"final/class_ekld/{ekld.Transform}", (float)ekld.PerClassEkld[c], c);
        }
        Add(writer, "final/balanced_accuracy", (float)result.BalancedAccuracy, result.Epochs);
        Add(writer, "final/top1", (float)result.Top1, result.Epochs);
        if (RunEkld.Mean(result) is { } mean) Add(writer, "final/mean_ekld", (float)mean, result.Epochs);
    }
}
