using GitActors.Actors.Journal;
using GitActors.Actors.Sweeps;

namespace GitActors.Host.Sweeps;

/// <summary>A sweep's plan as its journal recorded it, with the spec text it was launched from.</summary>
internal sealed record RecordedPlan(SweepPlan Plan, string SpecPath, string SpecText);

/// <summary>
/// Rebuilds a sweep's plan from its latest SweepStarted event (the expanded runs and the spec text), so `sweep resume`
/// needs nothing but the journal. Engine settings (attempts, backoff) are not part of the plan's identity; they are
/// read back from the recorded spec text, or the defaults if that text no longer parses.
/// </summary>
internal static class JournalPlan
{
    /// <summary>The bad-input line for an unknown sweep id: it names the journal it looked in, as every bad-input line names its file.</summary>
    public static string NoSuchSweep(JournalSettings journal, string sweepId) =>
        $"{journal.SqliteFile ?? "the PostgreSQL journal"}: no sweep '{sweepId}' in this journal (see `gitactors journal sweeps`)";

    public static async Task<RecordedPlan> LoadAsync(JournalSettings journal, string sweepId, CancellationToken cancel)
    {
        IReadOnlyList<JournalEntry> entries;
        await using (var reader = JournalReader.Open(journal))
            entries = await SweepQueries.SweepEventsAsync(reader, sweepId, cancel);
        var started = entries.Select(e => e.Event).OfType<SweepStarted>().LastOrDefault()
            ?? throw new Commands.UnknownIdException(NoSuchSweep(journal, sweepId));
        return new RecordedPlan(new SweepPlan(started.SweepId, started.Name, started.Runs, EngineSettingsOf(started)), started.SpecPath, started.SpecText);
    }

    private static EngineSettings EngineSettingsOf(SweepStarted started)
    {
        try
        {
            return SweepSpec.Parse(started.SpecText, started.SpecPath).Engine;
        }
        catch (SweepSpecException e)
        {
            Console.Error.WriteLine($"warning: the recorded spec no longer parses ({e.Message}); using the default engine settings");
            return EngineSettings.Default;
        }
    }
}
