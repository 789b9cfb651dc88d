using GitActors.Models.Data.Datasets;

namespace GitActors.Actors.Tests.Training;

/// <summary>`gitactors train` (ClassifierTraining) and a sweep (trainer and loader actors) are one training loop.</summary>
public sealed class TrainAndSweepAgreementTests : EngineTestKit
{
    [Fact]
    public async Task The_same_config_reports_the_same_train_loss_accuracy_and_eKLD_from_train_and_from_a_sweep()
    {
        // 83 train images in batches of 16: the last batch of each epoch holds 3, so a mean over batches and a mean
        // over images differ.
        var data = TinyBars.LongTailed(ordering: 0);
        var config = new RunConfig(new DataSpec("tiny-bg-lt"), ModelKind.SimpleCnn, new LossSpec(), TrainRule.None, new AugmentSpec(),
            new ScheduleSpec(Epochs: 2, BatchSize: 16, WarmupEpochs: 1, Stage1Epoch: 2, Stage2Epoch: 2), new EvalSpec(4, 5), 11);
        Assert.Equal(3, data.Train.Count % 16);

        var epochs = new List<EpochSummary>();
        var trained = ClassifierTraining.Run(config, data, TorchSharp.torch.CPU, onEpoch: epochs.Add);

        var plan = new SweepPlan("agree", "agree", [new PlannedRun("run", "tiny/ce", config)], new EngineSettings { MaxAttempts = 1 });
        var journal = JournalSettings.ForOutputFolder(TempFolder);
        JournalFile.PrepareForWriting(journal.SqliteFile!);
        var options = new SweepRunOptions(TempFolder, JournalConfig.Build(journal), ConfigurationFactory.ParseString("akka.loglevel = ERROR"),
            Devices: new FakeDeviceEnvironment(processors: 2));
        var status = await SweepRunner.RunAsync(plan, new ClassifierWorkloadFactory(new DatasetCache(_ => data)), options).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(status.Finished);
        await using var reader = JournalReader.Open(journal);
        var events = (await reader.SweepEvents(plan.SweepId)).Select(e => e.Event).ToList();

        var swept = events.OfType<EpochCompleted>().OrderBy(e => e.Epoch).ToList();
        Assert.Equal(epochs.Select(e => (e.Epoch, e.TrainLoss, e.BalancedAccuracy)), swept.Select(e => (e.Epoch, e.TrainLoss, e.BalancedAccuracy)));
        var result = events.OfType<RunCompleted>().Single().Result;
        Assert.Equal(trained.BalancedAccuracy, result.BalancedAccuracy);
        Assert.Equal(trained.PerClassAccuracy, result.PerClassAccuracy);
        Assert.Equal(trained.Ekld.Single().PerClassEkld, result.Ekld.Single().PerClassEkld);
    }
}
