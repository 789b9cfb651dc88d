using Npgsql;

namespace GitActors.Actors.Journal;

/// <summary>Checks a PostgreSQL journal before a reader opens it, so a wrong connection or an empty database is one clear error.</summary>
public static class PostgresJournal
{
    /// <summary>The table Akka.Persistence.Sql's default mapping writes events to (search_path schema, usually public).</summary>
    public const string JournalTable = "journal";

    /// <summary>
    /// Throws <see cref="JournalFileException"/> (named by <see cref="Describe"/>) if the server cannot be reached or the
    /// database has no journal table yet; reads only the catalog, so nothing is created.
    /// </summary>
    public static void RequireExisting(string connectionString)
    {
        var where = Describe(connectionString);
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT to_regclass(@table) IS NOT NULL";
            command.Parameters.AddWithValue("table", JournalTable);
            if (command.ExecuteScalar() is not true)
                throw new JournalFileException(where, $"has no '{JournalTable}' table: no sweep has written a journal to this database yet");
        }
        catch (NpgsqlException e)
        {
            throw new JournalFileException(where, $"cannot read the journal: {e.Message}");
        }
    }

    /// <summary>Host, port and database of a connection string, never its password, for messages.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(connectionString);
            return $"postgresql://{parsed.Host}:{parsed.Port}/{parsed.Database}";
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"not a PostgreSQL connection string ({e.Message}); expected \"Host=...;Port=...;Database=...;Username=...;Password=...\"", e);
        }
    }
}
