using System.Diagnostics;
using System.Text;

namespace GitActors.TestSupport;

/// <summary>
/// A real `gitactors` process (the built gitactors.dll next to the tests, run with `dotnet`), its output collected
/// line by line so a test can wait for a marker and then kill it the hard way (SIGKILL on Linux). StartHeld runs the
/// same command line through gitactors-faults (tests/GitActors.FaultHost), which holds the process the first time the
/// engine reaches a named fault point: the test kills it there (or lets it go on with Release).
/// </summary>
public sealed class CliProcess : IDisposable
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "gitactors.dll");
    private static readonly string FaultDll = Path.Combine(AppContext.BaseDirectory, "gitactors-faults.dll");

    /// <summary>What gitactors-faults prints when it holds the process at a fault point.</summary>
    public const string HeldMarker = "fault-point: held at ";

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();

    private CliProcess(Process process) => _process = process;

    public static CliProcess Start(string workingDirectory, params string[] args) => Launch(Dll, workingDirectory, args);

    /// <summary>
    /// `gitactors ARGS` held the first time it reaches <paramref name="point"/> (step:E:S, evaluation, checkpoint:E,
    /// generator-write, sweep-completing) in a run of kind <paramref name="runs"/> (any, munit, git, plain).
    /// </summary>
    public static CliProcess StartHeld(string workingDirectory, string point, string runs, params string[] args) =>
        Launch(FaultDll, workingDirectory, ["--fault-at", point, "--fault-in", runs, .. args]);

    /// <summary>`gitactors ARGS` where the first run of kind <paramref name="runs"/> to reach <paramref name="point"/> fails (an injected exception).</summary>
    public static CliProcess StartFailing(string workingDirectory, string point, string runs, params string[] args) =>
        Launch(FaultDll, workingDirectory, ["--fault-fail", point, "--fault-in", runs, .. args]);

    private static CliProcess Launch(string dll, string workingDirectory, string[] args)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is missing: the Host and FaultHost projects' outputs are copied next to the tests", dll);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
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
        using var cli = Start(workingDirectory, args);
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

    /// <summary>The process id (`dotnet gitactors.dll` runs the command in this very process).</summary>
    public int Pid => _process.Id;

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

    /// <summary>Waits until the process is held at its fault point and returns the marker line ("... run RUNID").</summary>
    public async Task<string> WaitUntilHeldAsync(string point, TimeSpan timeout)
    {
        await WaitForLineAsync(HeldMarker + point + " ", timeout);
        lock (_gate) return _stdout.First(line => line.Contains(HeldMarker + point + " ", StringComparison.Ordinal));
    }

    /// <summary>The run id named by the held marker.</summary>
    public static string HeldRun(string marker) => marker[(marker.LastIndexOf(" run ", StringComparison.Ordinal) + 5)..];

    /// <summary>Lets a held process go on (a line on its stdin).</summary>
    public void Release()
    {
        _process.StandardInput.WriteLine("continue");
        _process.StandardInput.Flush();
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
