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
    public static async Task<RecordedPlan> LoadAsync(JournalSettings journal, string sweepId, CancellationToken cancel)
    {
        var events = await SweepQueries.EventsAsync(journal, sweepId, cancel);
        var started = events.OfType<SweepStarted>().LastOrDefault() ?? throw Commands.UnknownIdException.Sweep(journal.Describe(), sweepId);
        return new RecordedPlan(new SweepPlan(started.SweepId, started.Name, started.Runs, EngineSettingsOf(started)), started.SpecPath, started.SpecText);
    }

    private static EngineSettings EngineSettingsOf(SweepStarted started)
    {
        try
        {
            return SweepSpecParser.Parse(started.SpecText, started.SpecPath).Engine;
        }
        catch (SweepSpecException e)
        {
            Console.Error.WriteLine($"warning: the recorded spec no longer parses ({e.Message}); using the default engine settings");
            return EngineSettings.Default;
        }
    }
}
