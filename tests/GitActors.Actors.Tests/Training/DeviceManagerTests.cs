namespace GitActors.Actors.Tests.Training;

public sealed class DeviceManagerTests : EngineTestKit
{
    [Fact]
    public void Every_CUDA_device_gets_a_slot()
    {
        var slots = DeviceDiscovery.Discover(new DeviceSettings(CpuSlots: 3), cudaDeviceCount: 2, processorCount: 16);
        Assert.Equal([new DeviceSlot("cuda:0", "cuda:0", 0), new DeviceSlot("cuda:1", "cuda:1", 0)], slots);
    }

    [Fact]
    public void Without_CUDA_the_configured_cpu_slots_share_the_processors_unless_a_thread_budget_is_given()
    {
        Assert.Equal([new DeviceSlot("cpu-0", "cpu", 4), new DeviceSlot("cpu-1", "cpu", 4)],
            DeviceDiscovery.Discover(new DeviceSettings(CpuSlots: 2, ThreadsPerSlot: 0), 0, processorCount: 8));
        Assert.Equal([new DeviceSlot("cpu-0", "cpu", 3)],
            DeviceDiscovery.Discover(new DeviceSettings(CpuSlots: 1, ThreadsPerSlot: 3), 0, processorCount: 8));
        Assert.Equal(2, DeviceDiscovery.Discover(new DeviceSettings(CpuSlots: 2, UseCuda: false), 4, 8).Count(s => s.Device == "cpu"));
        Assert.Throws<ArgumentException>(() => DeviceDiscovery.Discover(new DeviceSettings(CpuSlots: 0), 0, 8));
    }

    [Fact]
    public async Task The_manager_sets_the_process_thread_count_once_and_starts_one_registered_trainer_per_slot()
    {
        var supervisor = CreateTestProbe();
        var environment = new FakeDeviceEnvironment(cudaDevices: 0, processors: 8);
        var manager = Sys.ActorOf(DeviceManager.Props(supervisor.Ref, new FakeWorkloadFactory(), new DeviceSettings(2, 3),
            new TrainerSettings(TempFolder, "node-a"), environment));

        var registered = new[] { supervisor.ExpectMsg<RegisterTrainer>(), supervisor.ExpectMsg<RegisterTrainer>() };
        Assert.Equal(["cpu-0", "cpu-1"], registered.Select(r => r.Device).Order());
        Assert.All(registered, r => Assert.Equal("node-a", r.Node));
        Assert.Equal(6, environment.CpuThreadsSet);
        // A bound on the reply, not a wait: it returns the moment the manager answers.
        var report = await manager.Ask<DevicesReport>(GetDevices.Instance, TimeSpan.FromSeconds(20));
        Assert.Equal(2, report.Slots.Count);
    }
}
