namespace GitActors.Actors.Journal.Locking;

/// <summary>
/// The one-writer rule for every process that writes a sweep's journal (`sweep run|resume|retry-failed`): a SQLite
/// journal is locked whole (a file holds one sweep's writer at a time, and SQLite has one writer anyway); a PostgreSQL
/// journal is locked per sweep, since a cluster's database holds many sweeps written at once.
/// </summary>
public static class JournalWriterLock
{
    public static async Task<IJournalLock> AcquireAsync(JournalSettings journal, string sweepId, CancellationToken cancel)
    {
        var holder = JournalLockHolder.Current(sweepId, DateTimeOffset.UtcNow);
        return journal.IsSqlite
            ? SqliteJournalLock.Acquire(journal.SqliteFile!, holder)
            : await PostgresSweepLock.AcquireAsync(journal.ConnectionString, holder, cancel);
    }
}
