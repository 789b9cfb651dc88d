using GitActors.Actors.Journal;
using GitActors.Host.Commands;
using GitActors.Host.Output;
using Microsoft.Data.Sqlite;
using ReportModel = GitActors.Actors.Reports.SweepReport;

namespace GitActors.Host.Sweeps;

/// <summary>
/// The journal reads behind every view of a sweep, shared by the command line and the dashboard so both show the
/// same thing from the same code. A sweep or run the journal does not hold is an <see cref="UnknownIdException"/>.
/// </summary>
internal static class SweepQueries
{
    public static async Task<IReadOnlyList<SweepListing>> SweepsAsync(JournalReader reader, CancellationToken cancel) =>
        (await Tables<IReadOnlyList<SweepSummary>>(async () => await reader.ListSweeps(cancel)) ?? []).Select(SweepListing.From).ToList();

    public static async Task<SweepSummary> SummaryAsync(JournalReader reader, string sweepId, CancellationToken cancel) =>
        await Tables(() => reader.Sweep(sweepId, cancel)) ?? throw UnknownIdException.Sweep(sweepId);

    public static async Task<IReadOnlyList<JournalEntry>> SweepEventsAsync(JournalReader reader, string sweepId, CancellationToken cancel) =>
        await Tables<IReadOnlyList<JournalEntry>>(async () => await reader.SweepEvents(sweepId, cancel)) ?? [];

    /// <summary>`sweep status --json`.</summary>
    public static async Task<SweepReport> StatusAsync(JournalReader reader, string sweepId, CancellationToken cancel) =>
        SweepReport.From(await SummaryAsync(reader, sweepId, cancel));

    /// <summary>`sweep status` of events already read (in journal order); none is an unknown sweep.</summary>
    public static SweepReport Status(string sweepId, IReadOnlyList<ISweepEvent> events) =>
        events.Count == 0 ? throw UnknownIdException.Sweep(sweepId) : SweepReport.From(SweepProjection.Fold(sweepId, events));

    /// <summary>The results and figure data of `report`.</summary>
    public static async Task<ReportModel> ReportAsync(JournalReader reader, string sweepId, CancellationToken cancel)
    {
        var events = (await SweepEventsAsync(reader, sweepId, cancel)).Select(e => e.Event).ToList();
        return Report(sweepId, events);
    }

    /// <summary>The report of events already read (in journal order); none is an unknown sweep.</summary>
    public static ReportModel Report(string sweepId, IReadOnlyList<ISweepEvent> events) =>
        events.Count == 0 ? throw UnknownIdException.Sweep(sweepId) : ReportModel.Build(sweepId, events);

    /// <summary>`journal events RUN --json`.</summary>
    public static async Task<IReadOnlyList<EventListing>> RunEventsAsync(JournalReader reader, string runId, CancellationToken cancel)
    {
        var entries = await Tables<IReadOnlyList<JournalEntry>>(async () => await reader.RunEvents(runId, cancel)) ?? [];
        if (entries.Count == 0) throw UnknownIdException.Run(runId);
        return entries.Select(EventListing.From).ToList();
    }

    /// <summary>A SQLite journal that a sweep has opened but not yet written to has no tables: it reads as empty.</summary>
    private static async Task<T?> Tables<T>(Func<Task<T?>> query) where T : class
    {
        try
        {
            return await query();
        }
        catch (SqliteException e) when (e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return null;
        }
    }
}
