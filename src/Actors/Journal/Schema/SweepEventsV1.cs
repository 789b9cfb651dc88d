namespace GitActors.Actors.Journal.Schema;

// sweep-started.v1 and sweep-completed.v1 as stored.

public sealed record SweepStartedV1(string SweepId, string Name, string SpecPath, string SpecText, PlannedRunV1[] Runs, DateTimeOffset At);

public sealed record PlannedRunV1(string RunId, string Label, RunConfigV1 Config, string? MunitJob = null, string? BankJob = null);

public sealed record SweepCompletedV1(string SweepId, int Completed, int Failed, DateTimeOffset At);
