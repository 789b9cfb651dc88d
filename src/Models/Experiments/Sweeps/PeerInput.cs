namespace GitActors.Models.Experiments.Sweeps;

/// <summary>
/// The shapes a value from another cluster member must have before it is used or persisted: ids as RunIdentity makes
/// them, hashes as SHA-256 hex, file paths inside the layout CheckpointStore gives their sweep and run, free text of a
/// bounded length. Each check returns why the value is refused, or null.
/// </summary>
public static class PeerInput
{
    /// <summary>Reasons and labels longer than this are refused (they are journalled).</summary>
    public const int MaxTextLength = 4000;

    public static string? Id(string? value, string what) =>
        value is { Length: 16 } && value.All(IsLowerHex) ? null : $"{what} {Quote(value)} is not 16 lower-case hex digits";

    public static string? Sha256(string? value, string what) =>
        value is { Length: 64 } && value.All(IsLowerHex) ? null : $"{what} {Quote(value)} is not a SHA-256 in lower-case hex";

    public static string? Text(string? value, string what) =>
        value is null ? $"{what} is missing" : value.Length > MaxTextLength ? $"{what} is longer than {MaxTextLength} characters" : null;

    public static string? Positive(long value, string what) => value > 0 ? null : $"{what} {value} is not positive";

    /// <summary>A checkpoint of the run: &lt;root&gt;/checkpoints/&lt;sweep&gt;/&lt;run&gt;/&lt;file&gt;.ckpt, no "..".</summary>
    public static string? CheckpointPath(string? path, string sweepId, string runId) =>
        Under(path, ["checkpoints", sweepId, runId], "checkpoint", file => file.StartsWith("epoch-", StringComparison.Ordinal) && file.EndsWith(".ckpt", StringComparison.Ordinal));

    /// <summary>The checkpoint file the attempt must write for this epoch (CheckpointStore.PathFor's name).</summary>
    public static string? NewCheckpointPath(string? path, string sweepId, string runId, int epoch, long fencingToken)
    {
        if (CheckpointPath(path, sweepId, runId) is { } problem) return problem;
        var expected = Path.GetFileName(CheckpointStore.PathFor("", sweepId, runId, epoch, fencingToken));
        return Path.GetFileName(path) == expected ? null : $"checkpoint {Quote(path)} is not named {expected}";
    }

    /// <summary>A file a job of the sweep made: &lt;root&gt;/artifacts/&lt;sweep&gt;/&lt;job run&gt;/t&lt;token&gt;/&lt;name&gt;, no "..".</summary>
    public static string? ArtifactPath(string? path, string sweepId, string jobRunId) =>
        path is null ? "artifact path is missing"
        : Under(Path.GetDirectoryName(path), ["artifacts", sweepId, jobRunId], "artifact folder", folder => folder.Length > 1 && folder[0] == 't' && folder[1..].All(char.IsAsciiDigit))
          ?? (Path.GetFileName(path).Length == 0 ? $"artifact {Quote(path)} names no file" : null);

    private static string? Under(string? path, string[] parents, string what, Func<string, bool> lastIsValid)
    {
        if (string.IsNullOrEmpty(path)) return $"{what} path is missing";
        if (path.Length > MaxTextLength) return $"{what} path is longer than {MaxTextLength} characters";
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(p => p is "." or "..") || path.Contains('\0')) return $"{what} {Quote(path)} steps out of its folder";
        if (parts.Length < parents.Length + 1 || !parts[^(parents.Length + 1)..^1].SequenceEqual(parents) || !lastIsValid(parts[^1]))
            return $"{what} {Quote(path)} is not under {string.Join('/', parents)}/";
        return null;
    }

    private static bool IsLowerHex(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f';

    private static string Quote(string? value) => value is null ? "(none)" : $"'{(value.Length > 80 ? value[..80] + "..." : value)}'";
}
