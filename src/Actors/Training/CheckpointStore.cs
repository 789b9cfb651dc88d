using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace GitActors.Actors.Training;

/// <summary>
/// Checkpoint files: written so a crash leaves either the old file or the complete new one (temporary file in the
/// same folder, fsync, rename, fsync of the folder), named by the SHA-256 of their bytes so a resume can tell a
/// truncated or corrupted file from a good one. Layout: &lt;output&gt;/checkpoints/&lt;sweep&gt;/&lt;run&gt;/epoch-NNNN.ckpt.
/// </summary>
public static class CheckpointStore
{
    public static string PathFor(string outputRoot, string sweepId, string runId, int epoch) =>
        System.IO.Path.Combine(outputRoot, "checkpoints", sweepId, runId, $"epoch-{epoch:D4}.ckpt");

    /// <summary>Files a finished run leaves: &lt;output&gt;/artifacts/&lt;sweep&gt;/&lt;run&gt;/&lt;name&gt;.</summary>
    public static string ArtifactPath(string outputRoot, string sweepId, string runId, string fileName) =>
        System.IO.Path.Combine(outputRoot, "artifacts", sweepId, runId, fileName);

    /// <summary>Removes a superseded checkpoint; a file already gone is fine.</summary>
    public static void Delete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
    }

    /// <summary>Writes the checkpoint atomically and returns the lowercase hex SHA-256 of the bytes on disk.</summary>
    public static string Write(string path, Action<Stream> write)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
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

    public static bool Verify(string path, string expectedSha256) => Problem(path, expectedSha256) is null;

    /// <summary>Why the file cannot be trusted (missing, hash mismatch with the sizes), or null when it verifies.</summary>
    public static string? Problem(string path, string expectedSha256) =>
        TryRead(path, expectedSha256, out _, out var problem) ? null : problem;

    /// <summary>Reads and verifies in one pass, so the bytes handed to the workload are the bytes that were checked.</summary>
    public static bool TryRead(string path, string expectedSha256, out byte[] bytes, out string? problem)
    {
        bytes = [];
        if (!File.Exists(path))
        {
            problem = $"checkpoint {path} is missing";
            return false;
        }
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            problem = $"checkpoint {path} cannot be read: {e.Message}";
            return false;
        }
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            problem = $"checkpoint {path} ({content.Length} bytes) has SHA-256 {actual}, expected {expectedSha256}";
            return false;
        }
        bytes = content;
        problem = null;
        return true;
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
