using Akka.Configuration;
using GitActors.Actors.Hosting;
using GitActors.Actors.Sweeps;
using GitActors.Actors.Training;
using GitActors.Host.Sweeps;

namespace GitActors.Host.Bench;

/// <summary>
/// What GIT costs a run: one sweep with the same run twice, once as ce+drs and once as ce+drs+git, trained one after
/// the other on one CPU slot (so neither shares the cores with the other), through the whole engine: data loader,
/// augmenter pool, journal. The MUNIT job that makes the generator runs first with a handful of iterations (an
/// untrained generator costs what a trained one does); its real training time is a cost of the sweep, amortised over
/// its GIT runs by the caller. Wall time per run is RunStarted to RunCompleted in the journal. The GIT run trains first,
/// so any one-time cost the MUNIT job did not already pay (JIT, allocator growth) counts against GIT, not for it.
/// With BankStyles = S &gt; 0 the GIT run reads an augmentation bank (git.bank-styles = S): the bank job runs between
/// the MUNIT job and the GIT run, and its wall time is reported apart, since a sweep shares it among its GIT runs.
/// </summary>
internal static class GitCostBench
{
    public sealed record Settings(string Dataset, int Epochs, int Stage1, int Stage2, int WarmupEpochs, string MunitPreset,
        int StartDelayEpochs, int? TrainLimit, int Threads, int PoolSize, int BankStyles = 0);

    /// <summary>BankSeconds: the bank job's wall time (0 without a bank).</summary>
    public sealed record Result(double PlainSeconds, double GitSeconds, double PlainImagesPerSecond, double GitImagesPerSecond, double BankSeconds = 0)
    {
        public double Ratio => GitSeconds / PlainSeconds;

        /// <summary>The GIT run with its share of the bank, when <paramref name="gitRuns"/> GIT runs share one bank, against the plain run.</summary>
        public double AmortisedRatio(int gitRuns) => (GitSeconds + BankSeconds / gitRuns) / PlainSeconds;
    }

    public static string SpecText(Settings s) => $$"""
        sweep {
          name = bench-augment
          datasets = [{ name = {{s.Dataset}}{{(s.TrainLimit is { } limit ? $", train-limit = {limit}" : "")}} }]
          seeds = [1]
          models = [simplecnn]
          methods = ["ce+drs+git", "ce+drs"]
          epochs = {{s.Epochs}}
          lr { warmup-epochs = {{s.WarmupEpochs}}, stage1 = {{s.Stage1}}, stage2 = {{s.Stage2}} }
          ekld { images-per-class = 2, transforms-per-image = 2 }
          git { start-delay = {{s.StartDelayEpochs}}, bank-styles = {{s.BankStyles}} }
          munit { preset = {{s.MunitPreset}}, steps = 2, checkpoint-every = 2 }
        }
        """;

    public static async Task<Result> RunAsync(Settings settings, CancellationToken cancel)
    {
        var folder = Directory.CreateTempSubdirectory("gitactors-bench-augment-").FullName;
        try
        {
            var spec = SweepSpecParser.Parse(SpecText(settings), Path.Combine(folder, "bench-augment.conf"));
            var plan = spec.Expand();
            var journal = JournalSettings.ForOutputFolder(folder);
            JournalFile.PrepareForWriting(journal.SqliteFile!);
            var overrides = ConfigurationFactory.ParseString(
                $"gitactors.devices.cpu-slots = 1\ngitactors.devices.threads-per-slot = {settings.Threads}\n" +
                $"gitactors.augmenters.pool-size = {settings.PoolSize}\nakka.loglevel = WARNING");
            var data = SweepData.Preload(plan, spec.SourcePath);
            var options = new SweepRunOptions(folder, JournalConfig.Build(journal), overrides);
            var status = await SweepRunner.RunAsync(plan, new ClassifierWorkloadFactory(data), options, cancellationToken: cancel);
            if (status.Runs.FirstOrDefault(r => r.Phase != RunPhase.Completed) is { } failed)
                throw new InvalidOperationException($"benchmark run {failed.RunId} did not complete: {failed.LastError}");
            await using var reader = JournalReader.Open(journal);
            var plain = plan.Runs.Single(r => !r.Config.IsJob() && r.Config.Augment.Kind == Models.AugmentKind.None);
            var git = plan.Runs.Single(r => r.Config.Augment.Kind == Models.AugmentKind.Git);
            var bank = plan.Runs.SingleOrDefault(r => r.Config.Bank is not null);
            var (plainSeconds, plainRate) = await WallTime(reader, plain.RunId);
            var (gitSeconds, gitRate) = await WallTime(reader, git.RunId);
            var bankSeconds = bank is null ? 0 : (await WallTime(reader, bank.RunId)).Seconds;
            return new Result(plainSeconds, gitSeconds, plainRate, gitRate, bankSeconds);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>Seconds from the run's first RunStarted to its RunCompleted, and its mean training images/s over epochs.</summary>
    private static async Task<(double Seconds, double ImagesPerSecond)> WallTime(JournalReader reader, string runId)
    {
        var events = (await reader.RunEvents(runId)).Select(e => e.Event).ToList();
        var started = events.OfType<RunStarted>().First().At;
        var completed = events.OfType<RunCompleted>().Single().At;
        return ((completed - started).TotalSeconds, events.OfType<EpochCompleted>().Average(e => e.ImagesPerSecond));
    }
}
