using GitActors.Actors.Training;
using GitActors.Models;
using GitActors.Models.Training;

namespace GitActors.Host.Sweeps;

/// <summary>
/// A test hook for the crash tests, inert unless GITACTORS_TEST_PAUSE_AT is set: the trainer prints
/// "test-hook: paused at POINT" on stdout and then sleeps, so a test can kill the process at a known point.
/// POINT is "evaluation" (a run's final evaluation is about to start) or "step:E:S" (before step S, 0-based, of epoch E).
/// With GITACTORS_TEST_RELEASE_FILE set, the trainer waits only until that file exists (a test's gate), then goes on.
/// </summary>
internal static class TestPauseHook
{
    public const string Variable = "GITACTORS_TEST_PAUSE_AT";
    public const string ReleaseVariable = "GITACTORS_TEST_RELEASE_FILE";
    public const string Marker = "test-hook: paused at ";

    public static IRunWorkloadFactory Wrap(IRunWorkloadFactory factory)
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value)) return factory;
        return new PausingFactory(factory, Parse(value.Trim()));
    }

    private static PausePoint Parse(string value)
    {
        if (value == "evaluation") return new PausePoint(value, null, null);
        var parts = value.Split(':');
        if (parts is ["step", var e, var s] && int.TryParse(e, out var epoch) && int.TryParse(s, out var step))
            return new PausePoint(value, epoch, step);
        throw new ArgumentException($"{Variable}='{value}': expected evaluation or step:EPOCH:STEP");
    }

    private sealed record PausePoint(string Name, int? Epoch, int? Step)
    {
        public void Pause()
        {
            Console.Out.WriteLine(Marker + Name);
            Console.Out.Flush();
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
            var release = Environment.GetEnvironmentVariable(ReleaseVariable);
            while (DateTime.UtcNow < deadline && !(release is { Length: > 0 } && File.Exists(release)))
                Thread.Sleep(TimeSpan.FromMilliseconds(50));
        }
    }

    private sealed class PausingFactory(IRunWorkloadFactory inner, PausePoint point) : IRunWorkloadFactory
    {
        public IRunWorkload Create(RunConfig config, string device, Stream? checkpoint) =>
            Create(config, device, checkpoint, RunResources.None);

        // The resources (generator, augmenter pool) go through: without them a GIT run under the hook would have no T~.
        public IRunWorkload Create(RunConfig config, string device, Stream? checkpoint, RunResources resources) =>
            Wrap(inner.Create(config, device, checkpoint, resources));

        private PausingWorkload Wrap(IRunWorkload workload) => workload is IArtifactWorkload artifact
            ? new PausingArtifactWorkload(workload, artifact, point)
            : new PausingWorkload(workload, point);
    }

    /// <summary>Also passes on what the trainer asks of the inner workload: its GIT rows for the pool.</summary>
    private class PausingWorkload(IRunWorkload inner, PausePoint point) : IRunWorkload, IAugmentedWorkload
    {
        public LearnedAugmentation? Augmentation => (inner as IAugmentedWorkload)?.Augmentation;

        public int TotalEpochs => inner.TotalEpochs;

        public int StartEpoch => inner.StartEpoch;

        public IBatchSource CreateBatchSource() => inner.CreateBatchSource();

        public void BeginEpoch(int epoch) => inner.BeginEpoch(epoch);

        public double TrainStep(Batch batch)
        {
            if (batch.Epoch == point.Epoch && batch.Step == point.Step) point.Pause();
            return inner.TrainStep(batch);
        }

        public EpochSummary CompleteEpoch(int epoch, double meanLoss, double imagesPerSecond) => inner.CompleteEpoch(epoch, meanLoss, imagesPerSecond);

        public void SaveCheckpoint(Stream destination, int completedEpochs) => inner.SaveCheckpoint(destination, completedEpochs);

        public RunResult Finish()
        {
            if (point.Epoch is null) point.Pause();
            return inner.Finish();
        }

        public void Dispose() => inner.Dispose();
    }

    /// <summary>A MUNIT job stays one under the hook, so its generator is still written and recorded.</summary>
    private sealed class PausingArtifactWorkload(IRunWorkload inner, IArtifactWorkload artifact, PausePoint point)
        : PausingWorkload(inner, point), IArtifactWorkload
    {
        public string ArtifactFileName => artifact.ArtifactFileName;

        public void SaveArtifact(Stream destination) => artifact.SaveArtifact(destination);
    }
}
