using GitActors.Host.Output;
using GitActors.Host.TensorBoard;
using GitActors.Host.Tests.Reports;

namespace GitActors.Host.Tests.TensorBoard;

/// <summary>
/// The TensorBoard files written from a journal, read back record by record: every record's framing and CRCs are
/// valid, and every scalar equals the journal's value (as float32) at the right step, in the run's own folder.
/// </summary>
public sealed class TensorBoardExportTests
{
    [Fact]
    public void Every_run_gets_event_files_whose_scalars_are_the_journals()
    {
        using var temp = new TempFolder();
        var events = SyntheticSweep.Events();
        // A second attempt of r0 that resumed from epoch 3 and ended differently: only its epochs 4 and 5 may show.
        events = [.. events, new RunStarted(SyntheticSweep.Id, "r0", 2, 100, "node-b", "cpu", 3, DateTimeOffset.UnixEpoch),
            new EpochCompleted(SyntheticSweep.Id, "r0", 2, 100, 4, 0.25, 0.01, 0.5, 321, "", "", DateTimeOffset.UnixEpoch),
            new EpochCompleted(SyntheticSweep.Id, "r0", 2, 100, 5, 0.125, 0.001, 0.6, 654, "", "", DateTimeOffset.UnixEpoch)];

        var folders = TensorBoardExport.Write(temp.Path, SyntheticSweep.Id, events);
        // Written twice: the folder is rewritten, never doubled.
        folders = TensorBoardExport.Write(temp.Path, SyntheticSweep.Id, events);

        var sweep = SweepProjection.Fold(SyntheticSweep.Id, events);
        Assert.Equal(sweep.Runs.Select(r => Path.Combine(temp.Path, SyntheticSweep.Id, SafeFileName.Of(r.Label))), folders);
        foreach (var run in sweep.Runs)
        {
            var folder = Path.Combine(temp.Path, SyntheticSweep.Id, SafeFileName.Of(run.Label));
            var files = Directory.GetFiles(folder, TensorBoardExport.FilePrefix + "*");
            var file = Assert.Single(files);
            var records = TfRecordReader.Records(file).Select(Tensorboard.Event.Parser.ParseFrom).ToList();
            Assert.Equal("brain.Event:2", records[0].FileVersion);
            var scalars = records.Skip(1).Select(e => (Tag: Assert.Single(e.Summary.Value).Tag, Step: e.Step, Value: Assert.Single(e.Summary.Value).SimpleValue)).ToList();

            // Per epoch: the latest attempt's report of each epoch (r0's epochs 4 and 5 come from attempt 2).
            var epochs = events.OfType<EpochCompleted>().Where(e => e.RunId == run.RunId)
                .GroupBy(e => e.Epoch).Select(g => g.MaxBy(e => e.FencingToken)!).OrderBy(e => e.Epoch).ToList();
            Assert.Equal(5, epochs.Count);
            Assert.Equal(epochs.Select(e => (e.Epoch, (float)e.TrainLoss)), Scalars(scalars, "train/loss"));
            Assert.Equal(epochs.Select(e => (e.Epoch, (float)e.Lr)), Scalars(scalars, "train/lr"));
            Assert.Equal(epochs.Select(e => (e.Epoch, (float)e.BalancedAccuracy)), Scalars(scalars, "eval/balanced_accuracy"));
            Assert.Equal(epochs.Select(e => (e.Epoch, (float)e.ImagesPerSecond)), Scalars(scalars, "train/images_per_second"));

            // Final: per class (step = class index) and the headline numbers.
            var result = run.Result!;
            Assert.Equal(result.TrainClassCounts.Select((n, c) => (c, (float)n)), Scalars(scalars, "final/class_size"));
            Assert.Equal(result.PerClassAccuracy.Select((a, c) => (c, (float)a)), Scalars(scalars, "final/class_accuracy"));
            var ekld = Assert.Single(result.Ekld);
            Assert.Equal(ekld.PerClassEkld.Select((v, c) => (c, (float)v)), Scalars(scalars, $"final/class_ekld/{ekld.Transform}"));
            Assert.Equal([(result.Epochs, (float)result.BalancedAccuracy)], Scalars(scalars, "final/balanced_accuracy"));
            Assert.Equal([(result.Epochs, (float)result.Top1)], Scalars(scalars, "final/top1"));
            Assert.Equal([(result.Epochs, (float)ekld.PerClassEkld.Average())], Scalars(scalars, "final/mean_ekld"));
        }
        Assert.Contains(Scalars(TfRecordReader.Records(Directory.GetFiles(Path.Combine(temp.Path, SyntheticSweep.Id, "r0"))[0])
            .Select(Tensorboard.Event.Parser.ParseFrom).Skip(1).Select(e => (e.Summary.Value[0].Tag, e.Step, e.Summary.Value[0].SimpleValue)).ToList(),
            "train/images_per_second"), p => p == (5, 654f));
    }

    private static List<(int Step, float Value)> Scalars(IEnumerable<(string Tag, long Step, float Value)> scalars, string tag) =>
        scalars.Where(s => s.Tag == tag).Select(s => ((int)s.Step, s.Value)).ToList();
}
