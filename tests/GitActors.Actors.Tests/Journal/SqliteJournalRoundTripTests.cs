using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace GitActors.Actors.Tests.Journal;

/// <summary>The journal round trip on a temp SQLite file (the default journal).</summary>
public sealed class SqliteJournalRoundTripTests : JournalRoundTripContract
{
    private readonly string _file;

    public SqliteJournalRoundTripTests() : this(Path.Combine(Directory.CreateTempSubdirectory("gitactors-journal-").FullName, "journal.db")) { }

    private SqliteJournalRoundTripTests(string file) : base(Prepared(file)) => _file = file;

    private static JournalSettings Prepared(string file)
    {
        JournalFile.PrepareForWriting(file);
        return JournalSettings.Sqlite(file);
    }

    protected override DbConnection OpenDirect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);
    }
}
