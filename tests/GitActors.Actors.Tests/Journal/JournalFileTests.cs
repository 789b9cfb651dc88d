using Microsoft.Data.Sqlite;

namespace GitActors.Actors.Tests.Journal;

public sealed class JournalFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gitactors-journal-file-").FullName;

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_by_name_and_left_unchanged()
    {
        var path = Path.Combine(_folder, "journal.db");
        var bytes = "run_id,label\nabc,def\n"u8.ToArray();
        await File.WriteAllBytesAsync(path, bytes);

        var validate = Assert.Throws<JournalFileException>(() => JournalFile.Validate(path));
        var prepare = Assert.Throws<JournalFileException>(() => JournalFile.PrepareForWriting(path));
        var open = Assert.Throws<JournalFileException>(() => JournalReader.Open(JournalSettings.Sqlite(path)));

        Assert.All([validate, prepare, open], e => Assert.Contains(path, e.Message));
        Assert.Contains("not a SQLite database", validate.Message);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_missing_journal_is_a_clear_error_for_readers_and_creates_nothing()
    {
        var path = Path.Combine(_folder, "none.db");

        var error = Assert.Throws<JournalFileException>(() => JournalReader.Open(JournalSettings.Sqlite(path)));

        Assert.Contains(path, error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Preparing_creates_the_folder_and_switches_the_database_to_wal()
    {
        var path = Path.Combine(_folder, "out", "journal.db");

        JournalFile.PrepareForWriting(path);

        using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        sqlite.Open();
        using var command = sqlite.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
        JournalFile.Validate(path);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
