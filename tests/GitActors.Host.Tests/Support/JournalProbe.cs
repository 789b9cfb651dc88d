using Microsoft.Data.Sqlite;

namespace GitActors.Host.Tests.Support;

/// <summary>
/// Watches a live SQLite journal the cheap way: counts rows by event manifest over a read-only connection (WAL lets
/// it read while the sweep writes), so a test can act the moment an event is durable.
/// </summary>
internal static class JournalProbe
{
    public const string EpochCompleted = "epoch-completed.v1";

    public static int Count(string journalFile, string manifest)
    {
        if (!File.Exists(journalFile)) return 0;
        var connection = new SqliteConnectionStringBuilder { DataSource = journalFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var sqlite = new SqliteConnection(connection.ToString());
        try
        {
            sqlite.Open();
            using var command = sqlite.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM journal WHERE manifest = $manifest";
            command.Parameters.AddWithValue("$manifest", manifest);
            return Convert.ToInt32(command.ExecuteScalar());
        }
        catch (SqliteException)
        {
            return 0; // the table does not exist yet
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
