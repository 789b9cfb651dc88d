using System.Text;
using Microsoft.Data.Sqlite;

namespace GitActors.Actors.Journal;

/// <summary>Checks and prepares the SQLite journal file before any ActorSystem opens it.</summary>
public static class JournalFile
{
    private static readonly byte[] SqliteHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>
    /// Throws <see cref="JournalFileException"/> if an existing file is not a SQLite database; reads only the header,
    /// so a wrong file (a checkpoint, a CSV) is never touched. A missing or empty file is fine: SQLite creates it.
    /// </summary>
    public static void Validate(string path)
    {
        if (Directory.Exists(path)) throw new JournalFileException(path, "is a folder, not a journal database file");
        if (!File.Exists(path)) return;
        var header = new byte[SqliteHeader.Length];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read == 0) return;
        if (read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader))
            throw new JournalFileException(path,
                $"is not a SQLite database (its first {read} bytes are not \"SQLite format 3\"); refusing to use it as the journal. " +
                "Move it away or choose another --journal FILE or --out DIR.");
    }

    /// <summary>Readers need an existing journal; this also validates it.</summary>
    public static void RequireExisting(string path)
    {
        if (!File.Exists(path)) throw new JournalFileException(path, "no journal here (has a sweep been run with this output folder?)");
        Validate(path);
    }

    /// <summary>
    /// Validates, creates the folder, and switches the database to WAL (persistent in the file), so readers
    /// (`gitactors journal ...`) can read while the sweep writes.
    /// </summary>
    public static void PrepareForWriting(string path)
    {
        Validate(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        using var sqlite = new SqliteConnection(connection.ToString());
        sqlite.Open();
        using var command = sqlite.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new JournalFileException(path, $"could not switch to WAL mode (SQLite answered '{mode}')");
    }
}
