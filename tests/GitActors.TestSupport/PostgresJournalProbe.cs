using Npgsql;

namespace GitActors.TestSupport;

/// <summary>
/// Reads a live PostgreSQL journal the cheap way (one SELECT, no ActorSystem), so a test can poll it every few hundred
/// milliseconds beside a running cluster and act the moment an event is durable.
/// </summary>
public static class PostgresJournalProbe
{
    /// <summary>The sweep's events in journal order; empty while nothing has created the journal table yet.</summary>
    public static async Task<IReadOnlyList<ISweepEvent>> EventsAsync(string connectionString, string sweepId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('journal') IS NOT NULL", connection))
            if (!(bool)(await exists.ExecuteScalarAsync())!) return [];
        await using var command = new NpgsqlCommand(
            "SELECT manifest, message FROM journal WHERE persistence_id = @id AND NOT deleted ORDER BY sequence_number", connection);
        command.Parameters.AddWithValue("id", JournalNames.SweepPersistenceId(sweepId));
        var events = new List<ISweepEvent>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            events.Add((ISweepEvent)EventJson.FromBytes((byte[])reader[1], reader.GetString(0)));
        return events;
    }
}
