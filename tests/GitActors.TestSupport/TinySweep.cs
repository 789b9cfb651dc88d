using GitActors.Actors.Sweeps;
using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Experiments.Sweeps;

namespace GitActors.TestSupport;

/// <summary>
/// The crash tests' sweep: fmnist-bg-lt subsampled to 305 train images (5 steps of 64) and 250 test images,
/// simplecnn, ERM and CE+DRS (2 runs), 3 epochs, eKLD on 3 images x 5 transforms per class. Small so that the
/// real-process tests, which run one at a time, spend their time on the faults they inject rather than on training.
/// </summary>
public static class TinySweep
{
    public static readonly string Text = Spec();

    /// <summary>The data set line of <see cref="Text"/>, for tests that swap the data set.</summary>
    public const string DatasetLine = "datasets = [{ name = fmnist-bg-lt, train-limit = 300, test-limit = 250 }]";

    /// <summary>The same small sweep with what a test varies: more seeds or epochs, other methods, a munit block.</summary>
    public static string Spec(string name = "crash-test", int seeds = 1, int epochs = 3, string methods = "erm, \"ce+drs\"",
        int testLimit = 250, int transformsPerImage = 5, string? munit = null) => $$"""
        sweep {
          name = {{name}}
          datasets = [{ name = fmnist-bg-lt, train-limit = 300, test-limit = {{testLimit}} }]
          seeds = [{{string.Join(", ", Enumerable.Range(1, seeds))}}]
          models = [simplecnn]
          methods = [{{methods}}]
          epochs = {{epochs}}
          batch-size = 64
          lr { warmup-epochs = 1, stage1 = 2, stage2 = 3 }
          ekld { images-per-class = 3, transforms-per-image = {{transformsPerImage}} }{{(munit is null ? "" : $"\n  munit {{ {munit} }}")}}
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
