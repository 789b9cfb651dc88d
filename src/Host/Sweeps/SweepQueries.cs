using GitActors.Host.Commands;
using Microsoft.Data.Sqlite;
using ReportModel = GitActors.Models.Experiments.Reports.SweepReport;

namespace GitActors.Host.Sweeps;

/// <summary>
/// The journal reads behind every view of a sweep, shared by the command line and the dashboard so both show the
/// same thing from the same code. Commands open the journal only through <see cref="ReadAsync{T}"/> (a journal that
/// cannot be opened is a JournalFileException naming it); a sweep or run the journal does not hold is an
/// <see cref="UnknownIdException"/> naming the journal.
/// </summary>
internal static class SweepQueries
{
    /// <summary>Opens the journal for reading, runs <paramref name="read"/> and closes it again.</summary>
    public static async Task<T> ReadAsync<T>(JournalSettings journal, Func<JournalReader, Task<T>> read)
    {
        await using var reader = JournalReader.Open(journal);
        return await read(reader);
    }

    /// <summary>A sweep's events in journal order, read from a journal opened for the purpose; none is an unknown sweep.</summary>
    public static async Task<IReadOnlyList<ISweepEvent>> EventsAsync(JournalSettings journal, string sweepId, CancellationToken cancel) =>
        (await ReadAsync(journal, reader => RequireSweepEventsAsync(reader, sweepId, cancel))).Select(e => e.Event).ToList();

    public static async Task<IReadOnlyList<SweepListing>> SweepsAsync(JournalReader reader, CancellationToken cancel) =>
        (await Tables<IReadOnlyList<SweepSummary>>(async () => await reader.ListSweeps(cancel)) ?? []).Select(SweepListing.From).ToList();

    public static async Task<SweepSummary> SummaryAsync(JournalReader reader, string sweepId, CancellationToken cancel) =>
        await Tables(() => reader.Sweep(sweepId, cancel)) ?? throw UnknownIdException.Sweep(reader.Journal, sweepId);

    public static async Task<IReadOnlyList<JournalEntry>> SweepEventsAsync(JournalReader reader, string sweepId, CancellationToken cancel) =>
        await Tables<IReadOnlyList<JournalEntry>>(async () => await reader.SweepEvents(sweepId, cancel)) ?? [];

    /// <summary>The sweep's events in journal order; none is an unknown sweep.</summary>
    public static async Task<IReadOnlyList<JournalEntry>> RequireSweepEventsAsync(JournalReader reader, string sweepId, CancellationToken cancel) =>
        await SweepEventsAsync(reader, sweepId, cancel) is { Count: > 0 } entries ? entries : throw UnknownIdException.Sweep(reader.Journal, sweepId);

    /// <summary>`sweep status --json`.</summary>
    public static async Task<SweepReport> StatusAsync(JournalReader reader, string sweepId, CancellationToken cancel) =>
        SweepReport.From(await SummaryAsync(reader, sweepId, cancel));

    /// <summary>`sweep status` of a sweep's events already read (at least one, in journal order).</summary>
    public static SweepReport Status(string sweepId, IReadOnlyList<ISweepEvent> events) =>
        SweepReport.From(SweepProjection.Fold(sweepId, events));

    /// <summary>The results and figure data of `report`, of a sweep's events already read (at least one, in journal order).</summary>
    public static ReportModel Report(string sweepId, IReadOnlyList<ISweepEvent> events) => ReportModel.Build(sweepId, events);

    /// <summary>`journal events RUN --json`.</summary>
    public static async Task<IReadOnlyList<EventListing>> RunEventsAsync(JournalReader reader, string runId, CancellationToken cancel)
    {
        var entries = await Tables<IReadOnlyList<JournalEntry>>(async () => await reader.RunEvents(runId, cancel)) ?? [];
        if (entries.Count == 0) throw UnknownIdException.Run(reader.Journal, runId);
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
