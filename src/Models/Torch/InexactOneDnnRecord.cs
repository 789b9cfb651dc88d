namespace GitActors.Models.Torch;

/// <summary>
/// Machines where oneDNN's multi-thread convolutions were once found inexact, one line per machine key (CPU identity
/// and TorchSharp build). The check can miss the fault when the machine is busy (the race needs both cores at once),
/// so a later process on the same kind of machine goes by the record instead of a second, possibly lucky, check.
/// </summary>
public sealed class InexactOneDnnRecord(string path)
{
    /// <summary>$XDG_CACHE_HOME/gitactors/onednn-inexact (else ~/.cache/gitactors/onednn-inexact).</summary>
    public static InexactOneDnnRecord ForUser()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return new InexactOneDnnRecord(System.IO.Path.Combine(cache, "gitactors", "onednn-inexact"));
    }

    public string Path { get; } = path;

    /// <summary>CPU vendor, family, model, stepping and name from /proc/cpuinfo, and the TorchSharp build.</summary>
    public static string MachineKey()
    {
        var fields = new[] { "vendor_id", "cpu family", "model", "stepping", "model name" };
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").TakeWhile(line => line.Length > 0)
                .Select(line => line.Split(':', 2))
                .Where(pair => pair.Length == 2 && fields.Contains(pair[0].Trim()))
                .Select(pair => pair[1].Trim())
            : [Environment.OSVersion.ToString()];
        return string.Join(" | ", cpu.Append($"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}"));
    }

    public bool Contains(string key) => File.Exists(Path) && File.ReadLines(Path).Any(line => line == key);

    /// <summary>Adds the key once; a record that cannot be written only costs later processes a check.</summary>
    public void Add(string key)
    {
        try
        {
            if (Contains(key)) return;
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            File.AppendAllLines(Path, [key]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
