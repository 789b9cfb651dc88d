using GitActors.Models.Experiments.Events;


namespace GitActors.Models.Experiments.Sweeps;

/// <summary>An expanded sweep: its stable id, the runs in queue order, and how the engine should run them.</summary>
public sealed record SweepPlan(string SweepId, string Name, IReadOnlyList<PlannedRun> Runs, EngineSettings Engine);
