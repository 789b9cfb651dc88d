using Microsoft.Data.Sqlite;

namespace GitActors.Actors.Journal;

/// <summary>
/// Where the journal lives. Provider is a LinqToDB provider name: "SQLite.MS" (default, a file under the output
/// folder) or "PostgreSQL.15". SqliteFile is set for SQLite journals so the file can be checked before use.
/// </summary>
public sealed record JournalSettings(string Provider, string ConnectionString, string? SqliteFile)
{
    public const string SqliteProvider = "SQLite.MS";
    public const string PostgresProvider = "PostgreSQL.15";
    public const string DefaultFileName = "journal.db";

    public bool IsSqlite => Provider == SqliteProvider;

    /// <summary>The default journal: &lt;output&gt;/journal.db.</summary>
    public static JournalSettings ForOutputFolder(string outputFolder) => Sqlite(Path.Combine(outputFolder, DefaultFileName));

    public static JournalSettings Sqlite(string file)
    {
        var full = Path.GetFullPath(file);
        var connection = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate };
        return new JournalSettings(SqliteProvider, connection.ToString(), full);
    }

    public static JournalSettings Postgres(string connectionString) => new(PostgresProvider, connectionString, null);

    /// <summary>Command-line form: a provider name ("sqlite"/"postgres" or a LinqToDB name) and connection, else the file.</summary>
    public static JournalSettings FromOptions(string? provider, string? connection, string sqliteFile) =>
        (provider?.Trim().ToLowerInvariant()) switch
        {
            null or "" or "sqlite" or "sqlite.ms" => connection is null ? Sqlite(sqliteFile) : throw new ArgumentException(
                "--journal-connection is for PostgreSQL (with --journal-provider postgres); give a SQLite journal with --out DIR or --journal FILE"),
            "postgres" or "postgresql" or "postgresql.15" => Postgres(connection ?? throw new ArgumentException(
                "--journal-provider postgres needs --journal-connection \"Host=...;Database=...;Username=...;Password=...\"")),
            _ => throw new ArgumentException($"unknown journal provider '{provider}'; expected sqlite or postgres"),
        };

    /// <summary>The journal in messages: the SQLite file, or PostgreSQL's host, port and database (never a password).</summary>
    public string Describe() => SqliteFile ?? PostgresJournal.Describe(ConnectionString);

    /// <summary>The same journal opened so that nothing can be written (readers of a running sweep).</summary>
    public JournalSettings ReadOnly() => IsSqlite && SqliteFile is not null
        ? this with { ConnectionString = new SqliteConnectionStringBuilder { DataSource = SqliteFile, Mode = SqliteOpenMode.ReadOnly }.ToString() }
        : this;
}
