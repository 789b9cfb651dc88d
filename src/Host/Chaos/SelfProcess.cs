using System.Reflection;

namespace GitActors.Host.Chaos;

/// <summary>
/// Another process of this same command line (`gitactors ARGS`), its output appended to a log file. Started the way
/// this one was: the apphost directly, or `dotnet gitactors.dll` when this process is dotnet.
/// </summary>
internal sealed class SelfProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task _copying;

    private SelfProcess(Process process, Task copying)
    {
        _process = process;
        _copying = copying;
    }

    public static SelfProcess Start(IReadOnlyList<string> args, string logFile)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which executable this process is");
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {self}");
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        log.WriteLine($"=== gitactors {string.Join(' ', args)} (pid {process.Id}, {DateTimeOffset.UtcNow:u})");
        var gate = new object();
        async Task Copy(StreamReader source)
        {
            while (await source.ReadLineAsync() is { } line)
                lock (gate) log.WriteLine(line);
        }
        var copying = Task.WhenAll(Copy(process.StandardOutput), Copy(process.StandardError)).ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        return new SelfProcess(process, copying);
    }

    /// <summary>True when the process ended within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancel)
    {
        try
        {
            await _process.WaitForExitAsync(cancel).WaitAsync(timeout, cancel);
            await _copying;
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>SIGKILL: no shutdown hook, no flush, as a power cut or the OOM killer would end it.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        await _copying;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
