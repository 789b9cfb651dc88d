namespace GitActors.Actors.Journal;

/// <summary>Persistence ids and tags the engine and the journal queries agree on.</summary>
public static class JournalNames
{
    public static string SweepPersistenceId(string sweepId) => $"sweep-{sweepId}";
}
