using GitActors.Actors.Tests.Training;

namespace GitActors.Actors.Tests.Sweeps;

/// <summary>
/// A full disk while a trainer writes its checkpoint, through the real sweep runner, supervisor, trainers and SQLite
/// journal: the fault is journalled as RunFaulted and retried on engine.max-infra-retries, never on the run's
/// engine.max-attempts (1 here, so a single counted failure would end the run).
/// </summary>
public sealed class InfrastructureFaultTests : IDisposable
{
    private const string DiskFull = "IOException: No space left on device";

    private readonly string _folder = Directory.CreateTempSubdirectory("gitactors-infra-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(SweepStatus Status, List<ISweepEvent> Events, FakeWorkloadFactory Factory)> RunAsync(string name, int diskFullAttempts, int maxInfraRetries)
    {
        var settings = new EngineSettings
        {
            MaxAttempts = 1,
            MaxInfrastructureRetries = maxInfraRetries,
            InfraRetryBackoff = TimeSpan.FromMilliseconds(20),
        };
        var plan = new SweepPlan(name, name, [TestRuns.Run(1, epochs: 2)], settings);
        var factory = new FakeWorkloadFactory(stepsPerEpoch: 3) { DiskFullFirstAttempts = new Dictionary<int, int> { [1] = diskFullAttempts } };
        var journal = Path.Combine(_folder, $"{name}.db");
        JournalFile.PrepareForWriting(journal);
        var options = new SweepRunOptions(_folder, JournalConfig.Build(JournalSettings.Sqlite(journal)),
            ConfigurationFactory.ParseString("gitactors.devices.cpu-slots = 1\nakka.loglevel = ERROR"),
            Devices: new FakeDeviceEnvironment());

        var status = await SweepRunner.RunAsync(plan, factory, options).WaitAsync(TimeSpan.FromMinutes(2));

        await using var reader = JournalReader.Open(JournalSettings.Sqlite(journal));
        return (status, (await reader.SweepEvents(plan.SweepId)).Select(e => e.Event).ToList(), factory);
    }

    [Fact]
    public async Task Checkpoint_writes_that_fail_on_a_full_disk_are_retried_without_using_the_runs_attempts_and_the_run_completes()
    {
        var (status, events, factory) = await RunAsync("diskfull", diskFullAttempts: 2, maxInfraRetries: 3);

        var run = Assert.Single(status.Runs);
        Assert.Equal((RunPhase.Completed, 0, 3), (run.Phase, run.Failures, run.Attempt));
        Assert.Equal(3, factory.Creates(1));
        var faults = events.OfType<RunFaulted>().ToList();
        Assert.Equal([(1, true, DiskFull), (2, true, DiskFull)], faults.Select(f => (f.Attempt, f.WillRetry, f.Reason)));
        Assert.Empty(events.OfType<RunFailed>());
        Assert.Equal(3, Assert.Single(events.OfType<RunCompleted>()).Attempt);
        Assert.IsType<SweepCompleted>(events[^1]);
    }

    [Fact]
    public async Task Faults_past_max_infra_retries_fail_the_run_for_good_naming_the_setting()
    {
        var (status, events, _) = await RunAsync("diskgone", diskFullAttempts: 3, maxInfraRetries: 2);

        var run = Assert.Single(status.Runs);
        Assert.Equal((RunPhase.Failed, 3), (run.Phase, run.Attempt));
        Assert.Equal($"{DiskFull}; infrastructure fault 3, over engine.max-infra-retries = 2", run.LastError);
        Assert.Equal([true, true, false], events.OfType<RunFaulted>().Select(f => f.WillRetry));
        var failed = Assert.Single(events.OfType<RunFailed>());
        Assert.Equal((3, false), (failed.Attempt, failed.WillRetry));
        Assert.Empty(events.OfType<RunCompleted>());
    }
}
