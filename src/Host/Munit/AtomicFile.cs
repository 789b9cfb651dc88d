namespace GitActors.Host.Munit;

/// <summary>The command line's MUNIT files (checkpoints, generators, cached judges) written whole or not at all.</summary>
internal static class AtomicFile
{
    /// <summary>Writes through a temporary sibling, syncs it and renames, so a kill never leaves a torn file.</summary>
    public static void Write(string path, Action<string> write)
    {
        var temporary = path + ".tmp";
        write(temporary);
        using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite)) stream.Flush(flushToDisk: true);
        File.Move(temporary, path, overwrite: true);
    }
}
