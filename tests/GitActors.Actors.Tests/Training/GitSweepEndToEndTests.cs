using System.Collections.Concurrent;
using GitActors.Models.Data.Datasets;
using GitActors.Models.Data.LongTail;
using GitActors.Models.Data.Nuisance;
using GitActors.Models.Data.Readers;
using GitActors.Models.Networks.Munit;
using GitActors.Models.Randomness;

namespace GitActors.Actors.Tests.Training;

/// <summary>A tiny MUNIT job, a CE+DRS+GIT run and a CE+DRS run through the real engine, pool and workloads.</summary>
public sealed class GitSweepEndToEndTests : EngineTestKit
{
    private const int Classes = TinyBars.Classes;

    private static DatasetBundle Bundle() => TinyBars.LongTailed(ordering: 0);

    /// <summary>Wraps classifier workloads to keep their results and check every batch they train on.</summary>
    private sealed class Recording(IRunWorkloadFactory inner, DatasetBundle data) : IRunWorkloadFactory
    {
        public ConcurrentDictionary<string, RunResult> Results { get; } = new();

        /// <summary>Each classifier run's weights when its final evaluation began, as a classifier checkpoint.</summary>
        public ConcurrentDictionary<string, byte[]> FinalWeights { get; } = new();

        /// <summary>The GIT run's workload, to count its batches with replaced rows.</summary>
        public Recorded? Git { get; private set; }

        /// <summary>"fresh" or "resumed" per MUNIT job workload created, in order.</summary>
        public ConcurrentQueue<string> JobCreates { get; } = new();

        public IRunWorkload Create(RunConfig config, string device, Stream? checkpoint) => throw new NotSupportedException();

        public IRunWorkload Create(RunConfig config, string device, Stream? checkpoint, RunResources resources)
        {
            if (config.Munit is not null) JobCreates.Enqueue(checkpoint is null ? "fresh" : "resumed");
            var workload = inner.Create(config, device, checkpoint, resources);
            if (config.Munit is not null) return workload;
            var recorded = new Recorded(this, config, data, (ClassifierWorkload)workload);
            if (config.Augment.Kind == AugmentKind.Git) Git = recorded;
            return recorded;
        }

        /// <summary>Keeps the run's result and its weights when the final evaluation began.</summary>
        public sealed class Recorded(Recording owner, RunConfig config, DatasetBundle data, ClassifierWorkload inner)
            : WatchedClassifierWorkload(config, data, inner)
        {
            public override RunResult Finish()
            {
                using (var weights = new MemoryStream())
                {
                    Inner.SaveCheckpoint(weights, Inner.TotalEpochs);
                    owner.FinalWeights[Config.Augment.Kind.ToString()] = weights.ToArray();
                }
                var result = Inner.Finish();
                owner.Results[Config.Augment.Kind.ToString()] = result;
                return result;
            }
        }
    }

    [Fact]
    public async Task A_GIT_run_waits_for_its_MUNIT_job_trains_on_pool_augmented_batches_and_reports_eKLD_under_T_and_T_tilde()
    {
        var data = Bundle();
        var spec = new DataSpec("tiny-bg-lt");
        var jobConfig = TinyMunitJob.Config(spec, seed: 1, steps: 4);
        var job = new PlannedRun(RunIdentity.RunId(jobConfig), "tiny/o0/munit/s1", jobConfig);
        RunConfig Classifier(AugmentKind augment) => new(spec, ModelKind.SimpleCnn, new LossSpec(), TrainRule.Drs, new AugmentSpec(augment),
            new ScheduleSpec(Epochs: 2, BatchSize: 16, WarmupEpochs: 1, Stage1Epoch: 1, Stage2Epoch: 2), new EvalSpec(4, 5), 7);
        // The GIT run is listed before the job: the queue order alone would start it first. The plain run waits for the
        // generator too, so it always reports eKLD under T~ (asserted below).
        var git = new PlannedRun("git", "tiny/ce+drs+git", Classifier(AugmentKind.Git), job.RunId);
        var plain = new PlannedRun("plain", "tiny/ce+drs", Classifier(AugmentKind.None), job.RunId);
        var plan = new SweepPlan("gite2e", "git-e2e", [git, job, plain], new EngineSettings { MaxAttempts = 1 });
        var factory = new Recording(new ClassifierWorkloadFactory(new DatasetCache(_ => data)), data);
        var options = new SweepRunOptions(TempFolder, EngineSystem.InMemoryPersistence,
            ConfigurationFactory.ParseString("gitactors.devices.cpu-slots = 1\ngitactors.augmenters.pool-size = 2\nakka.loglevel = ERROR"),
            Devices: new FakeDeviceEnvironment(processors: 2));

        var status = await SweepRunner.RunAsync(plan, factory, options).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(status.Finished, string.Join("; ", status.Runs.Select(r => $"{r.Label}: {r.Phase} {r.LastError}")));
        Assert.All(status.Runs, r => Assert.Equal(RunPhase.Completed, r.Phase));
        Assert.Equal((2, 2), (status.Runs[1].CompletedEpochs, status.Runs[1].TotalEpochs));   // the job's two blocks
        var generator = Directory.GetFiles(Path.Combine(TempFolder, "artifacts", plan.SweepId, job.RunId), MunitWorkload.GeneratorFileName, SearchOption.AllDirectories).Single();
        Assert.True(File.Exists(generator));
        using (var sampler = MunitSampler.Load(generator)) Assert.Equal(data.Shape, sampler.Image);
        Assert.True(factory.Git!.BatchesWithReplacedRows > 0);

        // Each report equals eKLD recomputed in float64 from the run's final weights, the same held-out images and
        // each image's own transform stream: under T from its base image, under T~ from the recorded generator.
        using var reference = MunitSampler.Load(generator);
        foreach (var kind in new[] { AugmentKind.Git, AugmentKind.None })
        {
            var result = factory.Results[kind.ToString()];
            Assert.Equal(["bg", ClassifierEvaluation.LearnedTransformName], result.Ekld.Select(r => r.Transform));
            Assert.All(result.Ekld, r => Assert.Equal((4, 5, Classes), (r.ImagesPerClass, r.TransformsPerImage, r.PerClassEkld.Length)));
            var config = kind == AugmentKind.Git ? git.Config : plain.Config;
            using var session = new ClassifierSession(config, data, TorchSharp.torch.CPU);
            session.Load(new MemoryStream(factory.FinalWeights[kind.ToString()]), $"{kind} final weights");
            AssertClose(EkldReference.UnderTrueTransform(session.Model, data, config.Seed, 4, 5), result.Ekld[0].PerClassEkld);
            AssertClose(EkldReference.UnderLearnedTransform(session.Model, data, reference, config.Seed, 4, 5), result.Ekld[1].PerClassEkld);
        }
    }

    /// <summary>The run's float32 log-softmax against float64: within 2e-6 + 1e-4 relative (float32 log-probabilities
    /// carry about 1e-6 absolute error); a wrong image, base or stream moves eKLD by orders of magnitude more.</summary>
    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var c = 0; c < expected.Length; c++)
            Assert.True(Math.Abs(expected[c] - actual[c]) <= 2e-6 + 1e-4 * Math.Abs(expected[c]),
                $"class {c}: reported eKLD {actual[c]:R}, recomputed {expected[c]:R}");
    }

    [Fact]
    public async Task A_sweep_stopped_during_its_MUNIT_job_resumes_the_job_from_its_last_block_and_then_runs_GIT()
    {
        var data = Bundle();
        var spec = new DataSpec("tiny-bg-lt");
        var jobConfig = TinyMunitJob.Config(spec, seed: 2, steps: 8);
        var job = new PlannedRun(RunIdentity.RunId(jobConfig), "tiny/o0/munit/s2", jobConfig);
        var git = new PlannedRun("git", "tiny/ce+drs+git", new RunConfig(spec, ModelKind.SimpleCnn, new LossSpec(), TrainRule.Drs,
            new AugmentSpec(AugmentKind.Git), new ScheduleSpec(Epochs: 1, BatchSize: 16, WarmupEpochs: 1, Stage1Epoch: 1, Stage2Epoch: 1),
            new EvalSpec(2, 3), 7), job.RunId);
        var plan = new SweepPlan("gitresume", "git-resume", [job, git], new EngineSettings { MaxAttempts = 1 });
        // A SQLite journal and one ActorSystem per launch, as two processes would have. The first launch is held before
        // the job's second block, once its first block is checkpointed, and stopped there.
        var journal = JournalSettings.ForOutputFolder(TempFolder);
        JournalFile.PrepareForWriting(journal.SqliteFile!);
        using var hold = HeldFaultPoint.BeforeEpoch(job.RunId, epoch: 2);
        var options = new SweepRunOptions(TempFolder, JournalConfig.Build(journal),
            ConfigurationFactory.ParseString("gitactors.engine.chunk-steps = 1\nakka.loglevel = ERROR"), Devices: new FakeDeviceEnvironment(processors: 2));
        var first = new Recording(new ClassifierWorkloadFactory(new DatasetCache(_ => data)), data);
        using var cancel = new CancellationTokenSource();

        var running = SweepRunner.RunAsync(plan, first, options with { Faults = hold }, null, cancel.Token);
        // Under a loaded CI machine (cluster tests beside it) the first block has taken over a minute. The first block's
        // EpochCompleted is what the resume reads; it is journalled while the trainer is held.
        await hold.StopLaunchAsync(running, cancel, journal.SqliteFile!, plan.SweepId, events => events.OfType<EpochCompleted>().Any(e => e.RunId == job.RunId),
            "the job's second block", TimeSpan.FromMinutes(3));

        var second = new Recording(new ClassifierWorkloadFactory(new DatasetCache(_ => data)), data);
        var status = await SweepRunner.RunAsync(plan, second, options).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(["fresh"], first.JobCreates);
        Assert.Empty(first.Results);
        Assert.Equal(["resumed"], second.JobCreates);
        Assert.All(status.Runs, r => Assert.Equal(RunPhase.Completed, r.Phase));
        Assert.Equal((2, 0, 4), (status.Runs[0].Attempt, status.Runs[0].Failures, status.Runs[0].CompletedEpochs));
        Assert.Contains(ClassifierEvaluation.LearnedTransformName, second.Results[AugmentKind.Git.ToString()].Ekld.Select(r => r.Transform));
    }
}
