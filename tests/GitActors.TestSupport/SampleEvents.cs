using GitActors.Models;
using GitActors.Models.Training;

namespace GitActors.TestSupport;

/// <summary>One instance of every journal event, with non-default values in every field.</summary>
public static class SampleEvents
{
    public static readonly DateTimeOffset At = new(2025, 3, 14, 15, 9, 26, 535, TimeSpan.FromHours(2));

    public static RunConfig Config(int seed = 7) => new(
        new DataSpec("k49-bg-lt", Ordering: 3, Format: "npz", Path: "/data/k49", TestPath: null),
        ModelKind.ResNet20,
        new LossSpec(LossKind.Ldam, FocalGamma: 1.0, LdamMaxMargin: 0.45, LdamScale: 31.5),
        TrainRule.Drs,
        new AugmentSpec(AugmentKind.Git, Fraction: 0.3, ClassSizeCutoff: 25, SoftCutoff: true, IndependentStream: true, StartDelayEpochs: 2),
        ScheduleSpec.K49 with { Epochs = 12, BaseLr = 0.05 },
        new EvalSpec(20, 30),
        seed);

    public static RunResult Result() => new(
        BalancedAccuracy: 0.5123456789012345,
        Top1: 0.61,
        Top5: 0.93,
        PerClassAccuracy: [0.9, 0.1, 1.0 / 3.0],
        TrainClassCounts: [4800, 1200, 5],
        Ekld: [new EkldReport("bg", [0.25, 0.5, 1.5], [0.9, 0.8, 0.7], 40, 100), new EkldReport("rot", [1.0, 2.0, 3.0], [0.5, 0.5, 0.5], 40, 100)],
        Epochs: 12,
        TrainSeconds: 123.25);

    public static IReadOnlyList<ISweepEvent> All(string sweepId = "sweep0123456789ab", string runId = "run0123456789abc") =>
    [
        new SweepStarted(sweepId, "k49", "hocon/sweeps/k49-lt.conf", "sweep { name = k49 }",
            [
                new PlannedRun("job0123456789abc", "k49-bg-lt/o3/munit/s5", MunitJob()),
                new PlannedRun(runId, "k49-bg-lt/o3/resnet20/ldam+drs+git/s7", Config(), MunitJob: "job0123456789abc"),
                new PlannedRun("bank0123456789ab", "k49-bg-lt/o3/bank/drs/s5", BankJob(), MunitJob: "job0123456789abc"),
                new PlannedRun("gitbank", "k49-bg-lt/o3/resnet20/ldam+drs+git/s8", BankConfig(), MunitJob: "job0123456789abc", BankJob: "bank0123456789ab"),
                new PlannedRun("other", "second", Config(8)),
            ], At),
        new RunQueued(sweepId, runId, At),
        new RunStarted(sweepId, runId, 2, 41, "node-a", "cuda:0", 5, At),
        new EpochCompleted(sweepId, runId, 2, 41, 6, 1.25, 0.001, 0.42, 1800.5, "/out/ckpt/e6.pt", "abc123", At),
        new CheckpointRejected(sweepId, runId, 6, "/out/ckpt/e6.pt", "sha mismatch", At),
        new RunCompleted(sweepId, runId, 2, 41, Result(), At),
        new RunFailed(sweepId, runId, 1, 40, "out of memory", WillRetry: true, At),
        new RunStalled(sweepId, runId, 1, 40, 3, 17, At.AddMinutes(-11), 25, 600.5, "stalled: no progress for 10 min after epoch 3, step 17", WillRetry: true, At),
        new RunFaulted(sweepId, runId, 1, 40, "IOException: No space left on device", WillRetry: true, At),
        new GeneratorRecorded(sweepId, "job0123456789abc", Config().Data, "/out/artifacts/job/generator.munit", "def456", At),
        new BankRecorded(sweepId, "bank0123456789ab", Config().Data, "def456", "/out/artifacts/bank/bank-0123456789abcdef.bank", "fed987", At),
        new DependencyFailed(sweepId, "other", "job0123456789abc", "MUNIT job k49-bg-lt/o3/munit/s5 failed: NaN", At),
        new RunRetryRequested(sweepId, "other", 3, "data file missing", At),
        new SweepCompleted(sweepId, 1, 0, At),
    ];

    /// <summary>A GIT run with the bank option.</summary>
    public static RunConfig BankConfig() => Config(8) with { Augment = Config().Augment with { BankStyles = 6 } };

    /// <summary>The bank job that run reads, in blocks of a non-default count.</summary>
    public static RunConfig BankJob() => RunConfig.ForBankJob(Config().Data, 5, BankJobSpec.For(BankConfig(), "job0123456789abc", blocks: 4));

    /// <summary>A MUNIT job with non-default steps, blocks, hyperparameters and network sizes.</summary>
    public static RunConfig MunitJob() => RunConfig.ForMunitJob(Config().Data, 5, new MunitJobSpec(
        1200, 300, new Models.Training.Munit.MunitHyperParameters(Lr: 2e-4, ReconXWeight: 5),
        new Models.Networks.Munit.MunitGeneratorOptions(1, Dim: 16, MlpDim: 32), new Models.Networks.Munit.MunitDiscriminatorOptions(1, Dim: 8)));
}
