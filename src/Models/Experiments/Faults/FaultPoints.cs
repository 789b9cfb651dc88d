using GitActors.Models;

namespace GitActors.Models.Experiments.Faults;

/// <summary>Where in the engine a <see cref="FaultPoint"/> lies.</summary>
public enum FaultPointKind
{
    /// <summary>A trainer is about to take step Step of epoch Epoch (1-based epochs, 0-based steps).</summary>
    BeforeStep,

    /// <summary>A run's last epoch is checkpointed and its final evaluation is about to start.</summary>
    BeforeFinalEvaluation,

    /// <summary>The checkpoint of epoch Epoch is durable on disk, and its EpochCompleted has not been reported yet.</summary>
    CheckpointWritten,

    /// <summary>A MUNIT job's generator bytes are in the temporary file, not yet flushed or renamed into place.</summary>
    GeneratorWriting,

    /// <summary>The RunCompleted (or RunFailed) that closed the sweep is in the journal; SweepCompleted is not yet.</summary>
    SweepCompleting,
}

/// <summary>A named place in the engine's work, with the run it belongs to (null for sweep-level points).</summary>
public sealed record FaultPoint(FaultPointKind Kind, string? RunId = null, RunConfig? Run = null, int Epoch = 0, int Step = 0);

/// <summary>
/// A test seam: the engine announces named points of its work (a step, a checkpoint written but not yet reported, the
/// generator being written, a sweep's last run recorded but not the sweep's end) so a crash test can stop the process
/// exactly there and kill it, instead of polling and racing the process. Called synchronously on the thread doing the
/// work (a trainer's pinned thread, the supervisor's persist handler); the default does nothing.
/// </summary>
public interface IFaultPoints
{
    void Reached(FaultPoint point);
}

/// <summary>The production implementation: no faults.</summary>
public sealed class NoFaultPoints : IFaultPoints
{
    public static NoFaultPoints Instance { get; } = new();

    private NoFaultPoints()
    {
    }

    public void Reached(FaultPoint point)
    {
    }
}
