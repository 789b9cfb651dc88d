using System.Collections.Concurrent;
using GitActors.Models.Data.Datasets;
using GitActors.Models.Data.LongTail;
using GitActors.Models.Data.Nuisance;
using GitActors.Models.Data.Readers;
using GitActors.Models.Networks.Munit;
using GitActors.Models.Randomness;
using GitActors.Models.Storage;
using GitActors.Models.Training.Bank;

namespace GitActors.Actors.Tests.Training;

/// <summary>A tiny MUNIT job, its bank job and a CE+DRS+GIT run that reads the bank, through the real engine and a SQLite journal.</summary>
public sealed class BankSweepEndToEndTests : EngineTestKit
{
    private const int Classes = TinyBars.Classes;

    private static DatasetBundle Bundle() => TinyBars.LongTailed(ordering: 0);

    /// <summary>Counts the workloads it creates by kind and checks every batch a bank GIT run trains on.</summary>
    private sealed class Checking(IRunWorkloadFactory inner, DatasetBundle data) : IRunWorkloadFactory
    {
        public ConcurrentQueue<string> Creates { get; } = new();

        /// <summary>The bank GIT run's workload, to count its batches with bank rows.</summary>
        public WatchedClassifierWorkload? Git { get; private set; }

        public IRunWorkload Create(RunConfig config, string device, Stream? checkpoint) => throw new NotSupportedException();

        public IRunWorkload Create(RunConfig config, string device, Stream? checkpoint, RunResources resources)
        {
            Creates.Enqueue((config.Munit is not null ? "munit" : config.Bank is not null ? "bank" : config.Augment.UsesBank() ? "git" : "plain")
                            + (checkpoint is null ? "" : " resumed"));
            var workload = inner.Create(config, device, checkpoint, resources);
            return config.Augment.UsesBank() ? Git = new WatchedClassifierWorkload(config, data, (ClassifierWorkload)workload) : workload;
        }
    }

    private sealed record Fixture(SweepPlan Plan, PlannedRun Job, PlannedRun Bank, PlannedRun Git, JournalSettings Journal, SweepRunOptions Options);

    private Fixture Plan(int gitEpochs)
    {
        var spec = new DataSpec("tiny-bg-lt");
        var jobConfig = TinyMunitJob.Config(spec, seed: 1, steps: 4);
        var job = new PlannedRun(RunIdentity.RunId(jobConfig), "tiny/o0/munit/s1", jobConfig);
        RunConfig Classifier(AugmentSpec augment) => new(spec, ModelKind.SimpleCnn, new LossSpec(), TrainRule.Drs, augment,
            new ScheduleSpec(Epochs: gitEpochs, BatchSize: 16, WarmupEpochs: 1, Stage1Epoch: 1, Stage2Epoch: 2), new EvalSpec(2, 3), 7);
        var gitConfig = Classifier(new AugmentSpec(AugmentKind.Git, BankStyles: 3));
        var bankConfig = RunConfig.ForBankJob(spec, 1, BankJobSpec.For(gitConfig, job.RunId, blocks: 2));
        var bank = new PlannedRun(RunIdentity.RunId(bankConfig), "tiny/o0/bank/drs/s1", bankConfig, job.RunId);
        // The GIT run is listed first: the queue order alone would start it before both jobs.
        var git = new PlannedRun(RunIdentity.RunId(gitConfig), "tiny/ce+drs+git", gitConfig, job.RunId, bank.RunId);
        var plain = new PlannedRun("plain", "tiny/ce+drs", Classifier(new AugmentSpec()), job.RunId);
        var plan = new SweepPlan("banke2e", "bank-e2e", [git, job, bank, plain], new EngineSettings { MaxAttempts = 1 });
        var journal = JournalSettings.ForOutputFolder(TempFolder);
        JournalFile.PrepareForWriting(journal.SqliteFile!);
        var options = new SweepRunOptions(TempFolder, JournalConfig.Build(journal),
            ConfigurationFactory.ParseString("gitactors.devices.cpu-slots = 1\ngitactors.engine.chunk-steps = 1\nakka.loglevel = ERROR"),
            Devices: new FakeDeviceEnvironment(processors: 2));
        return new Fixture(plan, job, bank, git, journal, options);
    }

    private async Task<IReadOnlyList<ISweepEvent>> Events(Fixture f)
    {
        await using var reader = JournalReader.Open(f.Journal);
        return (await reader.SweepEvents(f.Plan.SweepId)).Select(e => e.Event).ToList();
    }

    [Fact]
    public async Task The_bank_job_runs_after_the_generator_its_bank_is_journalled_and_the_GIT_run_trains_on_bank_rows()
    {
        var data = Bundle();
        var f = Plan(gitEpochs: 2);
        var factory = new Checking(new ClassifierWorkloadFactory(new DatasetCache(_ => data)), data);

        var status = await SweepRunner.RunAsync(f.Plan, factory, f.Options).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(status.Finished, string.Join("; ", status.Runs.Select(r => $"{r.Label}: {r.Phase} {r.LastError}")));
        Assert.All(status.Runs, r => Assert.Equal(RunPhase.Completed, r.Phase));
        Assert.True(factory.Git!.BatchesWithReplacedRows > 0);
        var events = await Events(f);
        var generator = Assert.Single(events.OfType<GeneratorRecorded>());
        var recorded = Assert.Single(events.OfType<BankRecorded>());
        Assert.Equal((f.Bank.RunId, generator.Sha256), (recorded.RunId, recorded.GeneratorSha256));
        Assert.Matches(@"bank-[0-9a-f]{16}\.bank$", recorded.Path);
        Assert.Equal(recorded.Sha256, AtomicFile.Sha256Of(recorded.Path));
        // Journal order: generator, then the bank, then the GIT run's first attempt.
        var order = events.Select((e, i) => (e, i)).ToList();
        int IndexOf(Func<ISweepEvent, bool> match) => order.First(p => match(p.e)).i;
        Assert.True(IndexOf(e => e is GeneratorRecorded) < IndexOf(e => e is RunStarted s && s.RunId == f.Bank.RunId));
        Assert.True(IndexOf(e => e is BankRecorded) < IndexOf(e => e is RunStarted s && s.RunId == f.Git.RunId));

        var bank = AugmentationBank.Load(recorded.Path, recorded.Sha256);
        Assert.Equal((generator.Sha256, 3, data.Train.Count), (bank.Header.GeneratorSha256, bank.Header.MaxStyles, bank.ImageCount));
        Assert.Equal(BankAllocation.StylesPerImage(data.Train.Labels,
            BankAllocation.StylesPerClass(data.TrainClassCounts, f.Git.Config.Rule, f.Git.Config.Augment, f.Git.Config.Schedule)), bank.Header.StylesPerImage);
        Assert.Equal(["munit", "bank", "git", "plain"], factory.Creates);
    }

    [Fact]
    public async Task A_sweep_restarted_after_the_bank_was_recorded_reuses_it()
    {
        var data = Bundle();
        var f = Plan(gitEpochs: 4);
        var first = new Checking(new ClassifierWorkloadFactory(new DatasetCache(_ => data)), data);
        using var cancel = new CancellationTokenSource();
        using var hold = HeldFaultPoint.BeforeEpoch(f.Git.RunId, epoch: 2);

        var running = SweepRunner.RunAsync(f.Plan, first, f.Options with { Faults = hold }, null, cancel.Token);
        // Stop the GIT run before its second epoch, once its first is journalled: the bank is recorded by then.
        await hold.StopLaunchAsync(running, cancel, f.Journal.SqliteFile!, f.Plan.SweepId, events => events.OfType<EpochCompleted>().Any(e => e.RunId == f.Git.RunId),
            "the GIT run's second epoch", TimeSpan.FromMinutes(2));

        var second = new Checking(new ClassifierWorkloadFactory(new DatasetCache(_ => data)), data);
        var status = await SweepRunner.RunAsync(f.Plan, second, f.Options).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.All(status.Runs, r => Assert.Equal(RunPhase.Completed, r.Phase));
        Assert.Contains("bank", first.Creates);
        Assert.DoesNotContain(second.Creates, c => c.StartsWith("bank", StringComparison.Ordinal) || c.StartsWith("munit", StringComparison.Ordinal));
        Assert.Contains("git resumed", second.Creates);
        Assert.Single((await Events(f)).OfType<BankRecorded>());
    }
}
