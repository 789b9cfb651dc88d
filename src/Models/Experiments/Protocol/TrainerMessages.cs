using GitActors.Models.Training;

namespace GitActors.Models.Experiments.Protocol;

// ---- trainer <-> data loader: pull-based credit ----

/// <summary>The consumer (the sender) can take Count more batches; the loader never holds more than its prefetch in demand.</summary>
public sealed record RequestBatches(int Count);

/// <summary>The loader could not build a batch; the run fails with this reason.</summary>
public sealed record BatchFailed(int Epoch, int Step, string Reason);

// ---- operator and CLI -> trainer ----

public sealed record GetTrainerStatus
{
    public static GetTrainerStatus Instance { get; } = new();
}

/// <summary>Stop taking steps after the current chunk; batches already prefetched wait. Replies with TrainerStatus.</summary>
public sealed record PauseTraining
{
    public static PauseTraining Instance { get; } = new();
}

public sealed record ResumeTraining
{
    public static ResumeTraining Instance { get; } = new();
}

/// <summary>Abandon the current attempt (the run is queued again, no failure counted) and stop the trainer.</summary>
public sealed record StopTraining
{
    public static StopTraining Instance { get; } = new();
}

public enum TrainerActivity { Idle, Training, Paused }

/// <summary>A trainer's answer to GetTrainerStatus; Epoch and Step name the last step taken (Step 1-based within the epoch).</summary>
public sealed record TrainerStatus(
    string Node, string Device, TrainerActivity Activity, string? RunId, int Attempt,
    int Epoch, int Step, int StepsPerEpoch, int TotalEpochs, double ImagesPerSecond, TimeSpan? Eta);

// ---- device manager ----

/// <summary>A compute slot: Device is what the workload gets ("cuda:1", "cpu"), Name is unique per node ("cpu-0").</summary>
public sealed record DeviceSlot(string Name, string Device, int Threads);

public sealed record GetDevices
{
    public static GetDevices Instance { get; } = new();
}

public sealed record DevicesReport(string Node, IReadOnlyList<DeviceSlot> Slots);
