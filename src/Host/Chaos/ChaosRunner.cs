using GitActors.Models.Randomness;

namespace GitActors.Host.Chaos;

/// <summary>What `gitactors chaos` runs: the sweep file, where, how often to kill, and the options passed to every launch.</summary>
/// <param name="EngineOptions">Options for every launch (--cpu-slots, --threads-per-slot, --config).</param>
/// <param name="JournalOptions">Options for the faulted launches only: where their journal is (the reference keeps a
/// SQLite journal in its own folder, so the two never share a database).</param>
public sealed record ChaosOptions(
    string SpecPath, string SweepId, string OutFolder, int Kills, long Seed,
    IReadOnlyList<string> EngineOptions, IReadOnlyList<string> JournalOptions, JournalSettings FaultedJournal)
{
    public string ReferenceFolder => Path.Combine(OutFolder, "reference");

    public string FaultedFolder => Path.Combine(OutFolder, "faulted");

    public string LogFile => Path.Combine(OutFolder, "chaos.log");
}

/// <summary>
/// Runs a sweep once uninterrupted (the reference), then again killing its process with SIGKILL at seeded random
/// moments, launching it back alternately with `sweep run` and `sweep resume`, and lets the last launch finish. A kill
/// moment is a uniform fraction 0.05-0.5 of the reference's wall time after the launch, so kills land in start-up,
/// mid-epoch, at checkpoints and at evaluations; a launch that ends on its own before its moment is not counted as a kill.
/// </summary>
public sealed class ChaosRunner(ChaosOptions options, TextWriter progress)
{
    public async Task<ChaosReport> RunAsync(CancellationToken cancel)
    {
        foreach (var folder in new[] { options.ReferenceFolder, options.FaultedFolder })
            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
                throw new IOException($"{folder} is not empty: chaos compares fresh runs, give it an empty --out");
        Directory.CreateDirectory(options.OutFolder);

        var clock = Stopwatch.StartNew();
        await RunToEndAsync(["sweep", "run", options.SpecPath, "--out", options.ReferenceFolder, .. options.EngineOptions], "reference", cancel);
        var referenceSeconds = clock.Elapsed.TotalSeconds;
        progress.WriteLine($"reference: finished in {referenceSeconds:F1} s");

        var rng = Rng.ForStream(options.Seed, "chaos-kills");
        var (kills, launches, started) = (0, 0, false);
        clock.Restart();
        while (kills < options.Kills)
        {
            var resume = started && launches % 2 == 1;
            using var launch = Launch(resume);
            launches++;
            var moment = TimeSpan.FromSeconds(referenceSeconds * rng.NextUniform(0.05, 0.5));
            if (await launch.WaitAsync(moment, cancel))
            {
                Require(launch.ExitCode, $"launch {launches}");
                progress.WriteLine($"launch {launches} ({Verb(resume)}): the sweep finished before its kill moment ({moment.TotalSeconds:F1} s)");
                started = true;
                break;
            }
            await launch.KillAsync();
            kills++;
            progress.WriteLine($"launch {launches} ({Verb(resume)}): killed after {moment.TotalSeconds:F1} s ({kills} of {options.Kills})");
            started = started || await SweepRecordedAsync(cancel);
        }
        launches++;
        await RunToEndAsync(Arguments(started), $"launch {launches} ({Verb(started)}, to the end)", cancel);
        var faultedSeconds = clock.Elapsed.TotalSeconds;
        progress.WriteLine($"faulted: finished in {faultedSeconds:F1} s after {kills} kills");

        var reference = await EventsAsync(JournalSettings.ForOutputFolder(options.ReferenceFolder), cancel);
        var faulted = await EventsAsync(options.FaultedJournal, cancel);
        return ChaosComparison.Compare(reference, faulted, new ChaosRunFacts(options.Kills, kills, launches, referenceSeconds, faultedSeconds));
    }

    private static string Verb(bool resume) => resume ? "resume" : "run";

    private SelfProcess Launch(bool resume) => SelfProcess.Start(Arguments(resume), options.LogFile);

    /// <summary>The faulted launches' arguments: the journal options name where the faulted journal is.</summary>
    private List<string> Arguments(bool resume)
    {
        List<string> args = resume ? ["sweep", "resume", options.SweepId] : ["sweep", "run", options.SpecPath];
        return [.. args, "--out", options.FaultedFolder, .. options.EngineOptions, .. options.JournalOptions];
    }

    private async Task RunToEndAsync(List<string> args, string what, CancellationToken cancel)
    {
        using var process = SelfProcess.Start(args, options.LogFile);
        await process.WaitAsync(Timeout.InfiniteTimeSpan, cancel);
        Require(process.ExitCode, what);
    }

    private void Require(int exitCode, string what)
    {
        if (exitCode != 0)
            throw new ChaosLaunchException($"{what} exited with code {exitCode}; its output is in {options.LogFile}");
    }

    private async Task<bool> SweepRecordedAsync(CancellationToken cancel) => (await EventsAsync(options.FaultedJournal, cancel)).Count > 0;

    private async Task<IReadOnlyList<ISweepEvent>> EventsAsync(JournalSettings journal, CancellationToken cancel)
    {
        if (journal.SqliteFile is { } file && !File.Exists(file)) return [];
        await using var reader = JournalReader.Open(journal);
        return (await reader.SweepEvents(options.SweepId)).Select(e => e.Event).ToList();
    }
}

/// <summary>A launch that should have finished cleanly did not: chaos cannot judge the journals.</summary>
public sealed class ChaosLaunchException(string message) : Exception(message);
