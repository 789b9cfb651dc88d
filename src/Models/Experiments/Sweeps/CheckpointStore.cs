using GitActors.Models.Storage;

namespace GitActors.Models.Experiments.Sweeps;

/// <summary>
/// Checkpoint files: written whole or not at all (<see cref="GitActors.Models.Storage.AtomicFile"/>) and recorded with
/// the SHA-256 of their bytes, so a resume can tell a truncated or corrupted file from a good one. Every file names the
/// fencing token of the attempt that wrote it, so an attempt that was superseded (a trainer thought dead, still running)
/// can never overwrite or delete the current attempt's files. Layout:
/// &lt;output&gt;/checkpoints/&lt;sweep&gt;/&lt;run&gt;/epoch-NNNN.tTOKEN.ckpt and &lt;output&gt;/artifacts/&lt;sweep&gt;/&lt;run&gt;/tTOKEN/&lt;name&gt;.
/// Journals record each file's path, so files written before tokens were part of the names still resume.
/// </summary>
public static class CheckpointStore
{
    public static string PathFor(string outputRoot, string sweepId, string runId, int epoch, long fencingToken) =>
        System.IO.Path.Combine(outputRoot, "checkpoints", sweepId, runId, $"epoch-{epoch:D4}.t{fencingToken}.ckpt");

    /// <summary>Files a finished run leaves, in a folder of the attempt that made them.</summary>
    public static string ArtifactPath(string outputRoot, string sweepId, string runId, long fencingToken, string fileName) =>
        System.IO.Path.Combine(outputRoot, "artifacts", sweepId, runId, $"t{fencingToken}", fileName);

    /// <summary>Removes a superseded checkpoint; a file already gone is fine.</summary>
    public static void Delete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
    }

    public static bool Verify(string path, string expectedSha256) => Problem(path, expectedSha256) is null;

    /// <summary>Why the file cannot be trusted (missing, hash mismatch with the sizes), or null when it verifies.</summary>
    public static string? Problem(string path, string expectedSha256) =>
        TryRead(path, expectedSha256, out _, out var problem) ? null : problem;

    /// <summary>Reads and verifies in one pass, so the bytes handed to the workload are the bytes that were checked.</summary>
    public static bool TryRead(string path, string expectedSha256, out byte[] bytes, out string? problem) =>
        VerifiedFile.TryRead(path, expectedSha256, "checkpoint", out bytes, out problem);
}
