using System.Diagnostics;
using System.Text;

namespace GitActors.Host.Tests.Support;

/// <summary>
/// A real `gitactors` process (the built gitactors.dll next to the tests, run with `dotnet`), its output collected
/// line by line so a test can wait for a marker and then kill it the hard way (SIGKILL on Linux).
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "gitactors.dll");

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();

    private CliProcess(Process process) => _process = process;

    public static CliProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        if (!File.Exists(Dll)) throw new FileNotFoundException($"{Dll} is missing: the Host project's output is copied next to the tests", Dll);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment.Remove("GITACTORS_TEST_PAUSE_AT");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var process = new Process { StartInfo = info };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (cli._gate) cli._stdout.Add(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (cli._gate) cli._stderr.AppendLine(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs to the end and returns (exit code, stdout, stderr).</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        using var cli = Start(workingDirectory, null, args);
        var code = await cli.WaitForExitAsync(timeout);
        return (code, cli.Stdout, cli.Stderr);
    }

    public string Stdout
    {
        get { lock (_gate) return string.Join("\n", _stdout); }
    }

    public string Stderr
    {
        get { lock (_gate) return _stderr.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits until stdout has a line containing <paramref name="text"/>; fails if the process ends first.</summary>
    public async Task WaitForLineAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            lock (_gate)
                if (_stdout.Any(line => line.Contains(text, StringComparison.Ordinal))) return;
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"gitactors exited ({_process.ExitCode}) before printing '{text}'.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"no '{text}' from gitactors within {timeout}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"gitactors did not finish within {timeout}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
        return _process.ExitCode;
    }

    /// <summary>kill -9: Process.Kill sends SIGKILL on Linux, so nothing in the process gets to clean up.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
