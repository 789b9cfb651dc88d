using Akka.Configuration;
using GitActors.Actors.Hosting;
using GitActors.Actors.Training;
using GitActors.Models.Torch;
using GitActors.Models.Training;

namespace GitActors.Host.Bench;

/// <summary>
/// Engine overhead: the same run trained by the bare ML-core loop (ClassifierTraining.Run, one thread does everything)
/// and as a one-run sweep through the actors (supervisor, trainer on its pinned thread, data-loader actor, SQLite
/// journal, checkpoints). Both report each epoch's training images/s measured the same way (first step to last step of
/// the epoch, evaluation excluded); the mean over epochs is compared.
/// </summary>
internal static class EngineBench
{
    public static RunConfig Config(int epochs, int? trainLimit) => new(
        new DataSpec("fmnist-bg-lt", TrainLimit: trainLimit),
        ModelKind.SimpleCnn,
        new LossSpec(),
        TrainRule.None,
        new AugmentSpec(),
        ScheduleDefaults.WithEpochs(DatasetRegistry.Recipe("fmnist-bg-lt").Family.Schedule(), epochs),
        new EvalSpec(3, 5),
        Seed: 1);

    /// <summary>A few untimed steps so one-time costs (JIT, libtorch's thread pool, allocator) land in neither side.</summary>
    public static void WarmUp(RunConfig config, DatasetBundle data, int threads, int steps = 5)
    {
        TorchRuntime.PrepareCpu(threads);
        var source = new ClassifierBatchSource(config, data);
        using var session = new ClassifierSession(config, data, torch.CPU);
        session.BeginEpoch(1);
        for (var step = 0; step < Math.Min(steps, source.StepsPerEpoch); step++) session.TrainStep(source.Build(1, step));
    }

    public static double BareImagesPerSecond(RunConfig config, DatasetBundle data, int threads)
    {
        TorchRuntime.PrepareCpu(threads);
        var epochs = new List<double>();
        ClassifierTraining.Run(config, data, torch.CPU, onEpoch: e => epochs.Add(e.ImagesPerSecond));
        return epochs.Average();
    }

    public static async Task<double> EngineImagesPerSecond(RunConfig config, DatasetCache data, int threads)
    {
        var folder = Path.Combine(Path.GetTempPath(), "gitactors-bench-engine-" + Guid.NewGuid().ToString("N"));
        try
        {
            var journal = JournalSettings.ForOutputFolder(folder);
            JournalFile.PrepareForWriting(journal.SqliteFile!);
            var runId = RunIdentity.RunId(config);
            var plan = new SweepPlan(RunIdentity.SweepId("bench-engine", [runId]), "bench-engine",
                [new PlannedRun(runId, "bench-engine", config)], EngineSettings.Default with { MaxAttempts = 1 });
            var overrides = ConfigurationFactory.ParseString(
                $"gitactors.devices.cpu-slots = 1\ngitactors.devices.threads-per-slot = {threads}\nakka.loglevel = WARNING");
            var options = new SweepRunOptions(folder, JournalConfig.Build(journal), overrides);
            var status = await SweepRunner.RunAsync(plan, new ClassifierWorkloadFactory(data), options);
            if (status.Runs[0].Phase != RunPhase.Completed)
                throw new InvalidOperationException($"the benchmark run did not complete: {status.Runs[0].LastError}");
            await using var reader = JournalReader.Open(journal);
            var epochs = (await reader.RunEvents(runId)).Select(e => e.Event).OfType<EpochCompleted>().ToList();
            return epochs.Average(e => e.ImagesPerSecond);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }
}
