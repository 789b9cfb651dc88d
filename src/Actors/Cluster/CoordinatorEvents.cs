namespace GitActors.Actors.Cluster;

/// <summary>What the coordinator singleton persists: which sweeps it owns, so a successor on another node revives
/// the unfinished ones (each sweep's own journal under "sweep-{id}" says where it stands).</summary>
public interface ICoordinatorEvent;

public sealed record SweepAdmitted(string SweepId, EngineSettings Engine, DateTimeOffset At) : ICoordinatorEvent;

public sealed record SweepClosed(string SweepId, DateTimeOffset At) : ICoordinatorEvent;
