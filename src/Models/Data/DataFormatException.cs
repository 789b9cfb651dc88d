namespace GitActors.Models.Data;

/// <summary>
/// A data file is truncated or not in the format its reader expects. Carries where (file, byte offset) and what
/// (expected vs found) so a user can tell a wrong path from a damaged download.
/// </summary>
public sealed class DataFormatException : InputException
{
    public DataFormatException(string filePath, long offset, string expected, string found, Exception? inner = null)
        : base($"{filePath} at byte {offset}: expected {expected}, found {found}", inner)
    {
        FilePath = filePath;
        Offset = offset;
        Expected = expected;
        Found = found;
    }

    /// <summary>The file (for archive members, "archive.npz!member.npy"; for gzip files, offsets are in the decompressed bytes).</summary>
    public string FilePath { get; }

    public long Offset { get; }

    public string Expected { get; }

    public string Found { get; }
}
