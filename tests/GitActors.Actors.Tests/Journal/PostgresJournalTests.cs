using Npgsql;

namespace GitActors.Actors.Tests.Journal;

/// <summary>Opening a PostgreSQL journal that is not there is one clear error, and creates nothing.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalTests(PostgresServer server)
{
    [Fact]
    public void A_database_without_a_journal_is_a_clear_error_for_readers_and_stays_empty()
    {
        var connection = server.CreateDatabase("empty");
        var database = new NpgsqlConnectionStringBuilder(connection).Database;

        var error = Assert.Throws<JournalFileException>(() => JournalReader.Open(JournalSettings.Postgres(connection)));

        Assert.Equal($"postgresql://127.0.0.1:{server.Port}/{database}", error.Path);
        Assert.Contains("no 'journal' table", error.Message);
        using var direct = new NpgsqlConnection(connection);
        direct.Open();
        using var count = direct.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'";
        Assert.Equal(0L, count.ExecuteScalar());
    }

    [Fact]
    public void A_missing_database_is_a_clear_error_naming_it()
    {
        var error = Assert.Throws<JournalFileException>(() => JournalReader.Open(JournalSettings.Postgres(server.ConnectionString("nosuchdb"))));

        Assert.Equal($"postgresql://127.0.0.1:{server.Port}/nosuchdb", error.Path);
        Assert.Contains("database \"nosuchdb\" does not exist", error.Message);
    }

    [Fact]
    public void Messages_name_the_database_but_never_the_password()
    {
        Assert.Equal("postgresql://db.lab:5433/sweeps", PostgresJournal.Describe("Host=db.lab;Port=5433;Database=sweeps;Username=u;Password=hunter2"));
        Assert.Throws<ArgumentException>(() => PostgresJournal.Describe("Hots=db.lab"));
    }
}
