namespace GitActors.Actors.Journal.Schema;

/// <summary>The sweep's start (with its plan) and end to and from their persisted form.</summary>
internal static class SweepEventMapping
{
    public static SweepStartedV1 ToPersisted(SweepStarted e) => new(
        e.SweepId, e.Name, e.SpecPath, e.SpecText,
        e.Runs.Select(r => new PlannedRunV1(r.RunId, r.Label, RunConfigMapping.ToPersisted(r.Config), r.MunitJob, r.BankJob)).ToArray(),
        e.At);

    public static SweepStarted ToDomain(SweepStartedV1 e) => new(
        e.SweepId, e.Name, e.SpecPath, e.SpecText,
        e.Runs.Select(r => new PlannedRun(r.RunId, r.Label, RunConfigMapping.ToDomain(r.Config), r.MunitJob, r.BankJob)).ToArray(),
        e.At);

    public static SweepCompletedV1 ToPersisted(SweepCompleted e) => new(e.SweepId, e.Completed, e.Failed, e.At);

    public static SweepCompleted ToDomain(SweepCompletedV1 e) => new(e.SweepId, e.Completed, e.Failed, e.At);
}
