using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace GitActors.Models.Storage;

/// <summary>
/// The one way GitActors writes a file others rely on (checkpoints, generators, artifacts, cached judges): a crash
/// leaves either the old file or the complete new one. Callers hand over a writer to a <see cref="Stream"/>; the
/// temporary sibling, the fsync of the file, the rename and the fsync of the folder all happen here.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes the file atomically and returns the lowercase hex SHA-256 of the bytes on disk.</summary>
    public static string Write(string path, Action<Stream> write)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        // A unique hidden sibling: the rename stays within one filesystem, and two writers never share a temporary.
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
            // Hash what is on disk, not what we meant to write.
            var sha = Sha256Of(temporary);
            File.Move(temporary, path, overwrite: true);
            FsyncDirectory(folder);
            return sha;
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public static string Sha256Of(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    /// <summary>The rename is only durable once the folder entry is on disk; .NET has no API for that, so on Unix we
    /// open the folder and fsync it (best effort: some filesystems refuse, and the file itself is already synced).</summary>
    private static void FsyncDirectory(string folder)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = Posix.open(folder, 0 /* O_RDONLY */);
        if (fd < 0) return;
        try { Posix.fsync(fd); }
        finally { Posix.close(fd); }
    }

    private static class Posix
    {
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }
}
