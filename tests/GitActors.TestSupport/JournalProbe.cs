using Microsoft.Data.Sqlite;

namespace GitActors.TestSupport;

/// <summary>
/// Watches a live SQLite journal the cheap way: counts rows by event manifest over a read-only connection (WAL lets
/// it read while the sweep writes), so a test can act the moment an event is durable. Only "no journal file yet" and
/// "no journal table yet" read as nothing yet; any other database error fails the test at once, with that error.
/// </summary>
public static class JournalProbe
{
    public const string EpochCompleted = "epoch-completed.v1";

    public static int Count(string journalFile, string manifest)
    {
        using var sqlite = Open(journalFile);
        if (sqlite is null) return 0;
        using var command = sqlite.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE manifest = $manifest";
        command.Parameters.AddWithValue("$manifest", manifest);
        return Convert.ToInt32(command.ExecuteScalar());
    }

    /// <summary>The sweep's events in journal order, decoded with the engine's serializer; empty before the table exists.</summary>
    public static IReadOnlyList<ISweepEvent> Events(string journalFile, string sweepId)
    {
        using var sqlite = Open(journalFile);
        if (sqlite is null) return [];
        using var command = sqlite.CreateCommand();
        command.CommandText = "SELECT manifest, message FROM journal WHERE persistence_id = $id AND NOT deleted ORDER BY sequence_number";
        command.Parameters.AddWithValue("$id", JournalNames.SweepPersistenceId(sweepId));
        using var reader = command.ExecuteReader();
        var events = new List<ISweepEvent>();
        while (reader.Read()) events.Add((ISweepEvent)EventJson.FromBytes((byte[])reader[1], reader.GetString(0)));
        return events;
    }

    /// <summary>A read-only connection to a journal that has its table; null while the file or the table does not exist yet.</summary>
    internal static SqliteConnection? Open(string journalFile)
    {
        if (!File.Exists(journalFile)) return null;
        var connection = new SqliteConnectionStringBuilder { DataSource = journalFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var sqlite = new SqliteConnection(connection.ToString());
        try
        {
            sqlite.Open();
            using var exists = sqlite.CreateCommand();
            exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal'";
            if (Convert.ToInt32(exists.ExecuteScalar()) == 1) return sqlite;
        }
        catch
        {
            sqlite.Dispose();
            throw;
        }
        sqlite.Dispose();
        return null;
    }

    /// <summary>Polls the journal until <paramref name="ready"/> holds for the sweep's events; fails if the process ends first.</summary>
    public static Task<IReadOnlyList<ISweepEvent>> WaitForAsync(
        string journalFile, string sweepId, Func<IReadOnlyList<ISweepEvent>, bool> ready, string what, TimeSpan timeout, CliProcess process) =>
        WaitForAsync(journalFile, sweepId, ready, what, timeout,
            writerEnded: () => process.HasExited ? "gitactors exited" : null, details: () => $"\n{process.Stdout}\n{process.Stderr}");

    /// <summary>
    /// Polls the journal until <paramref name="ready"/> holds for the sweep's events. Fails at once when
    /// <paramref name="writerEnded"/> names why nothing more will be written, and after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<IReadOnlyList<ISweepEvent>> WaitForAsync(string journalFile, string sweepId, Func<IReadOnlyList<ISweepEvent>, bool> ready,
        string what, TimeSpan timeout, Func<string?> writerEnded, Func<string>? details = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var events = Events(journalFile, sweepId);
            if (ready(events)) return events;
            if (writerEnded() is { } why) throw new InvalidOperationException($"{why} before {what}.{details?.Invoke()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {what} in the journal within {timeout}.{details?.Invoke()}");
            await Task.Delay(50);
        }
    }

    public static async Task WaitForCountAsync(string journalFile, string manifest, int count, TimeSpan timeout, CliProcess process)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Count(journalFile, manifest) < count)
        {
            if (process.HasExited) throw new InvalidOperationException($"gitactors exited before the journal had {count} x {manifest}.\n{process.Stdout}\n{process.Stderr}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the journal did not reach {count} x {manifest} within {timeout}");
            await Task.Delay(25);
        }
    }
}
