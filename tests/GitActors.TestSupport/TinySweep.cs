using GitActors.Actors.Journal;
using GitActors.Actors.Sweeps;
using GitActors.Models.Experiments.Events;
using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Experiments.Sweeps;

namespace GitActors.TestSupport;

/// <summary>
/// The crash tests' sweep: fmnist-bg-lt subsampled to 605 train images (5 steps of 128) and 500 test images,
/// simplecnn, ERM and CE+DRS (2 runs), 3 epochs, eKLD on 3 images x 5 transforms per class.
/// </summary>
public static class TinySweep
{
    public const string Text = """
        sweep {
          name = crash-test
          datasets = [{ name = fmnist-bg-lt, train-limit = 600, test-limit = 500 }]
          seeds = [1]
          models = [simplecnn]
          methods = [erm, "ce+drs"]
          epochs = 3
          batch-size = 128
          lr { warmup-epochs = 1, stage1 = 2, stage2 = 3 }
          ekld { images-per-class = 3, transforms-per-image = 5 }
          engine { max-attempts = 3, retry-backoff = 1s }
        }
        """;

    public static string SweepId(string specPath) => SweepSpecParser.Load(specPath).Expand().SweepId;

    public static string Journal(string outputFolder) => Path.Combine(outputFolder, JournalSettings.DefaultFileName);

    /// <summary>Every event of the sweep, in journal order (read-only, through the engine's own reader).</summary>
    public static async Task<IReadOnlyList<ISweepEvent>> EventsAsync(string outputFolder, string sweepId)
    {
        await using var reader = JournalReader.Open(JournalSettings.ForOutputFolder(outputFolder));
        return (await reader.SweepEvents(sweepId)).Select(e => e.Event).ToList();
    }
}
