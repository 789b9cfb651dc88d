using GitActors.Models.Torch;
using TorchSharp;

namespace GitActors.Actors.Training;

/// <summary>CPU slots when no CUDA device is used. ThreadsPerSlot 0 means the processor count divided over the slots.</summary>
public sealed record DeviceSettings(int CpuSlots = 1, int ThreadsPerSlot = 0, bool UseCuda = true)
{
    /// <summary>Reads gitactors.devices.{cpu-slots, threads-per-slot, use-cuda}.</summary>
    public static DeviceSettings FromConfig(Config config) => new(
        config.GetInt("gitactors.devices.cpu-slots", 1),
        config.GetInt("gitactors.devices.threads-per-slot", 0),
        config.GetBoolean("gitactors.devices.use-cuda", true));
}

/// <summary>What the device manager asks of the machine; the TorchSharp one is the real thing, tests pass a fake.</summary>
public interface IDeviceEnvironment
{
    int CudaDeviceCount { get; }

    int ProcessorCount { get; }

    /// <summary>
    /// Readies libtorch before the first trainer starts: sets its thread count (a process-wide setting, so once for all
    /// CPU slots together; null: the default) and chooses the convolution kernels. Returns that choice, for the log.
    /// </summary>
    ConvolutionKernelChoice PrepareCpu(int? threads);
}

public sealed class TorchDeviceEnvironment : IDeviceEnvironment
{
    public static TorchDeviceEnvironment Instance { get; } = new();

    public int CudaDeviceCount => TorchRuntime.CudaDeviceCount;

    public int ProcessorCount => Environment.ProcessorCount;

    public ConvolutionKernelChoice PrepareCpu(int? threads) => TorchRuntime.PrepareCpu(threads);
}

public static class DeviceDiscovery
{
    /// <summary>
    /// One slot per CUDA device ("cuda:0", "cuda:1", ...); without CUDA, CpuSlots slots on "cpu" named "cpu-0"...
    /// Threads is each CPU slot's budget. libtorch has one intra-op pool per process, so budgets are not enforced per
    /// slot: the process gets slots x threads and concurrent trainers share it.
    /// </summary>
    public static IReadOnlyList<DeviceSlot> Discover(DeviceSettings settings, int cudaDeviceCount, int processorCount)
    {
        if (settings.UseCuda && cudaDeviceCount > 0)
            return Enumerable.Range(0, cudaDeviceCount).Select(i => new DeviceSlot($"cuda:{i}", $"cuda:{i}", 0)).ToList();
        if (settings.CpuSlots < 1)
            throw new ArgumentException($"gitactors.devices.cpu-slots must be at least 1, got {settings.CpuSlots}", nameof(settings));
        if (settings.ThreadsPerSlot < 0)
            throw new ArgumentException($"gitactors.devices.threads-per-slot must be 0 (automatic) or more, got {settings.ThreadsPerSlot}", nameof(settings));
        var threads = settings.ThreadsPerSlot > 0 ? settings.ThreadsPerSlot : Math.Max(1, processorCount / settings.CpuSlots);
        return Enumerable.Range(0, settings.CpuSlots).Select(i => new DeviceSlot($"cpu-{i}", "cpu", threads)).ToList();
    }
}
