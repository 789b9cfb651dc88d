using System.Security.Cryptography;

namespace GitActors.Models.Storage;

/// <summary>
/// Reading back a file that <see cref="AtomicFile"/> wrote and the journal recorded: the bytes are read once, hashed and
/// compared with the recorded SHA-256, and those same bytes are what the caller uses, so a file changed between a check
/// and a second read can never slip through.
/// </summary>
public static class VerifiedFile
{
    /// <summary>The verified bytes, or false and why not (missing, unreadable, or the hash and size it has); <paramref name="what"/> names the kind of file in that reason.</summary>
    public static bool TryRead(string path, string expectedSha256, string what, out byte[] bytes, out string? problem)
    {
        bytes = [];
        if (!File.Exists(path))
        {
            problem = $"{what} {path} is missing";
            return false;
        }
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            problem = $"{what} {path} cannot be read: {e.Message}";
            return false;
        }
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            problem = $"{what} {path} ({content.Length} bytes) has SHA-256 {actual}, expected {expectedSha256}";
            return false;
        }
        bytes = content;
        problem = null;
        return true;
    }

    /// <summary>The verified bytes; an <see cref="InvalidDataException"/> naming the file otherwise.</summary>
    public static byte[] Read(string path, string expectedSha256, string what) =>
        TryRead(path, expectedSha256, what, out var bytes, out var problem) ? bytes : throw new InvalidDataException(problem);
}
