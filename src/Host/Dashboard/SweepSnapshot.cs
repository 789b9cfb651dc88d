using GitActors.Host.Reports;
using GitActors.Host.Sweeps;
using ReportModel = GitActors.Models.Experiments.Reports.SweepReport;

namespace GitActors.Host.Dashboard;

/// <summary>
/// A sweep's journal events as read for one request, and the views the command line computes from them (through the
/// same <see cref="SweepQueries"/>): `sweep status`, `report` and the report's figures. Version is the newest event's
/// journal offset, so a view can tell a browser that it changed.
/// </summary>
internal sealed record SweepSnapshot(string SweepId, IReadOnlyList<JournalEntry> Entries)
{
    public long Version => Entries.Count == 0 ? 0 : Entries.Max(e => e.Offset);

    public IReadOnlyList<ISweepEvent> Events => Entries.Select(e => e.Event).ToList();

    public SweepReport Status() => SweepQueries.Status(SweepId, Events);

    public ReportModel Report() => SweepQueries.Report(SweepId, Events);

    public IReadOnlyList<ReportFigure> Figures() => ReportPlots.Figures(Report());

    /// <summary>The sample grids of the sweep's MUNIT generators (none for a sweep without a generator).</summary>
    public IReadOnlyList<MunitGridFigure> Generators() => MunitGrids.Of(Events);

    public static async Task<SweepSnapshot> ReadAsync(JournalSource journal, string sweepId, CancellationToken cancel)
    {
        var reader = await journal.RequireAsync(cancel);
        return new SweepSnapshot(sweepId, await SweepQueries.RequireSweepEventsAsync(reader, sweepId, cancel));
    }
}
