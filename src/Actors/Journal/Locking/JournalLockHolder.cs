using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace GitActors.Actors.Journal.Locking;

/// <summary>
/// Who writes a journal: the process (host, pid, start of its run) and the sweep it runs. Written where a refused
/// process can read it back: inside the SQLite lock file, and as the PostgreSQL lock session's application_name.
/// </summary>
public sealed partial record JournalLockHolder(string Host, int Pid, DateTimeOffset Since, string SweepId)
{
    /// <summary>PostgreSQL keeps 63 bytes of application_name (NAMEDATALEN - 1).</summary>
    private const int ApplicationNameBytes = 63;

    public static JournalLockHolder Current(string sweepId, DateTimeOffset now) =>
        new(Environment.MachineName, Environment.ProcessId, StartOf(Process.GetCurrentProcess(), now), sweepId);

    /// <summary>"pid 1234 on host vm since 2026-12-01 07:38:10Z (sweep 0123456789abcdef)", for the refusal line.</summary>
    public string Describe(bool withSweep = true) =>
        $"pid {Pid} on host {Host} since {Since.ToUniversalTime():u}{(withSweep && SweepId.Length > 0 ? $" (sweep {SweepId})" : "")}";

    /// <summary>The lock file's one line: key=value pairs, readable with `cat`.</summary>
    public string ToLine() => $"host={Host} pid={Pid} since={Since.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ} sweep={SweepId}";

    public static JournalLockHolder? FromLine(string line)
    {
        var match = LinePattern().Match(line.Trim());
        return match.Success ? Parsed(match) : null;
    }

    /// <summary>"gitactors 1234@vm 20261201T073810Z": the sweep id is the lock's key already, and the host is cut to fit.</summary>
    public string ToApplicationName()
    {
        var rest = $" {Since.ToUniversalTime():yyyyMMddTHHmmssZ}";
        var head = $"gitactors {Pid}@";
        var host = Host.Length > ApplicationNameBytes - head.Length - rest.Length ? Host[..(ApplicationNameBytes - head.Length - rest.Length)] : Host;
        return head + host + rest;
    }

    public static JournalLockHolder? FromApplicationName(string? name, string sweepId)
    {
        var match = name is null ? Match.Empty : ApplicationNamePattern().Match(name);
        if (!match.Success) return null;
        var since = DateTimeOffset.ParseExact(match.Groups["since"].Value, "yyyyMMddTHHmmssZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return new JournalLockHolder(match.Groups["host"].Value, int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture), since, sweepId);
    }

    private static JournalLockHolder Parsed(Match match) => new(
        match.Groups["host"].Value,
        int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(match.Groups["since"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        match.Groups["sweep"].Value);

    private static DateTimeOffset StartOf(Process process, DateTimeOffset fallback)
    {
        try
        {
            return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return fallback;
        }
    }

    [GeneratedRegex(@"^host=(?<host>\S+) pid=(?<pid>\d+) since=(?<since>\S+) sweep=(?<sweep>\S*)$")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"^gitactors (?<pid>\d+)@(?<host>\S+) (?<since>\d{8}T\d{6}Z)$")]
    private static partial Regex ApplicationNamePattern();
}
