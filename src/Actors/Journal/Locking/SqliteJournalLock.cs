using System.Text;

namespace GitActors.Actors.Journal.Locking;

/// <summary>
/// One writer per SQLite journal: an exclusive OS lock on "&lt;journal&gt;.lock" beside it, held for the life of the
/// writing process. The OS drops the lock when the process ends however it ends (kill -9 included), so a stale lock
/// file never blocks the next run; the file stays, and its one line names the latest holder.
///
/// The lock is a byte-range lock (FileStream.Lock: fcntl on Linux) far past the holder line, not FileShare.None:
/// .NET's FileShare.None takes flock(LOCK_EX) on the whole file, and every other open of it, even to read, then fails,
/// so the refused process could not read who holds it. The file is never deleted: a process that opened it just
/// before the delete would lock an orphaned inode while a third locks the new file. macOS has no FileStream.Lock: there
/// the file is opened with FileShare.None, and a refused process cannot name the holder.
/// </summary>
public sealed class SqliteJournalLock : IJournalLock
{
    /// <summary>The locked byte: past any holder line, so reading the line never touches the lock.</summary>
    private const long LockOffset = 1L << 20;

    private readonly FileStream _file;

    private SqliteJournalLock(FileStream file) => _file = file;

    public static string PathFor(string journalFile) => Path.GetFullPath(journalFile) + ".lock";

    /// <summary>Takes the lock or throws <see cref="JournalLockedException"/> naming the holder; never waits.</summary>
    public static SqliteJournalLock Acquire(string journalFile, JournalLockHolder holder)
    {
        var path = PathFor(journalFile);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var where = $"journal {Path.GetFullPath(journalFile)} (lock {path})";
        FileStream file;
        if (OperatingSystem.IsMacOS())
        {
            try { file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) { throw new JournalLockedException(where, null); }
        }
        else
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
            try
            {
                file.Lock(LockOffset, 1);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // fcntl answers EAGAIN or EACCES when another process holds the range.
                var held = ReadHolder(file);
                file.Dispose();
                throw new JournalLockedException(where, held);
            }
        }
        try
        {
            var line = Encoding.UTF8.GetBytes(holder.ToLine() + "\n");
            file.SetLength(0);
            file.Write(line);
            file.Flush(flushToDisk: true);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        return new SqliteJournalLock(file);
    }

    private static JournalLockHolder? ReadHolder(FileStream file)
    {
        try
        {
            file.Position = 0;
            using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            return reader.ReadLine() is { } line ? JournalLockHolder.FromLine(line) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Unlocks and closes; the line of the last holder stays in the file.</summary>
    public ValueTask DisposeAsync()
    {
        try
        {
            if (!OperatingSystem.IsMacOS()) _file.Unlock(LockOffset, 1);
        }
        catch (IOException)
        {
            // Closing the file below releases it anyway.
        }
        _file.Dispose();
        return ValueTask.CompletedTask;
    }
}
