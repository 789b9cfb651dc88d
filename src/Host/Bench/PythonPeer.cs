using Newtonsoft.Json.Linq;

namespace GitActors.Host.Bench;

/// <summary>
/// Runs a PyTorch peer script (Debian's python3-torch) next to the .NET measurement. The peer is optional for users:
/// when it is missing the benchmark says how to install it and reports the .NET figures alone.
/// </summary>
internal static class PythonPeer
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>
    /// The peers' last argument: PyTorch as installed, then with GitActors' own glibc heap settings (same_heap.py), so a
    /// benchmark shows its ratio against both.
    /// </summary>
    public static readonly string[] HeapModes = ["default-heap", "same-heap"];

    public static string ScriptPath(string name) => Path.Combine(AppContext.BaseDirectory, "Bench", "peers", name);

    public static bool Available(out string reason)
    {
        if (!File.Exists(Interpreter)) { reason = $"{Interpreter} not found (apt-get install python3-torch)"; return false; }
        var probe = Run(["-c", "import torch"], TimeSpan.FromSeconds(60));
        reason = probe.ExitCode == 0 ? "" : "python3-torch is not installed (apt-get install python3-torch)";
        return probe.ExitCode == 0;
    }

    /// <summary>Runs the script and parses the last line of its stdout as JSON.</summary>
    public static JObject RunJson(string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var result = Run([ScriptPath(script), .. arguments], timeout);
        if (result.ExitCode != 0) throw new InvalidOperationException($"PyTorch peer {script} failed ({result.ExitCode}): {result.StdErr}");
        var last = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JObject.Parse(last);
    }

    private static (int ExitCode, string StdOut, string StdErr) Run(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"PyTorch peer did not finish within {timeout}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
