namespace GitActors.Actors.Journal;

/// <summary>Persistence ids and tags: the contract between the supervisor that writes and the readers.</summary>
public static class JournalNames
{
    /// <summary>Every sweep's events are tagged with this, so all sweeps can be projected from one query.</summary>
    public const string AllSweepsTag = "gitactors";

    public const string SweepPersistenceIdPrefix = "sweep-";

    /// <summary>The supervisor persists all events of a sweep under this id.</summary>
    public static string SweepPersistenceId(string sweepId) => SweepPersistenceIdPrefix + sweepId;

    public static string SweepTag(string sweepId) => $"sweep:{sweepId}";

    /// <summary>Run events also carry their run's tag so one run's history is a single query.</summary>
    public static string RunTag(string runId) => $"run:{runId}";
}
