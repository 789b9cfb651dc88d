using GitActors.Host.Dashboard.Pages;
using GitActors.Host.Reports;
using GitActors.Host.Sweeps;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitActors.Host.Dashboard;

/// <summary>The HTML pages, the fragments they re-fetch when the journal changes, and the figures as PNG.</summary>
internal static class PageEndpoints
{
    private const string Html = "text/html; charset=utf-8";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", async (JournalSource journal, CancellationToken cancel) =>
            Results.Content(SweepsPage.Render(await Sweeps(journal, cancel), journal.Describe()), Html));
        app.MapGet(SweepsPage.FragmentUrl, async (JournalSource journal, CancellationToken cancel) =>
            Results.Content(SweepsPage.Table(await Sweeps(journal, cancel)), Html));

        app.MapGet("/sweeps/{id}", async (string id, string? interval, JournalSource journal, CancellationToken cancel) =>
        {
            var sweep = await SweepSnapshot.ReadAsync(journal, id, cancel);
            return Results.Content(SweepPage.Render(sweep.Status(), sweep.Report(), sweep.Figures(), sweep.Generators(), sweep.Version, SpreadOf(interval)), Html);
        });
        app.MapGet("/sweeps/{id}/fragments/runs", async (string id, JournalSource journal, CancellationToken cancel) =>
            Results.Content(SweepPage.Runs((await SweepSnapshot.ReadAsync(journal, id, cancel)).Status()), Html));
        app.MapGet("/sweeps/{id}/fragments/results", async (string id, string? interval, JournalSource journal, CancellationToken cancel) =>
            Results.Content(SweepPage.Results((await SweepSnapshot.ReadAsync(journal, id, cancel)).Report(), SpreadOf(interval)), Html));
        app.MapGet("/sweeps/{id}/fragments/figures", async (string id, JournalSource journal, CancellationToken cancel) =>
        {
            var sweep = await SweepSnapshot.ReadAsync(journal, id, cancel);
            return Results.Content(SweepPage.Figures(id, sweep.Figures(), sweep.Generators(), sweep.Version), Html);
        });
        app.MapGet("/sweeps/{id}/figures/{file}", async (string id, string file, HttpContext http, JournalSource journal, MunitGrids grids, CancellationToken cancel) =>
        {
            var sweep = await SweepSnapshot.ReadAsync(journal, id, cancel);
            if (sweep.Figures().FirstOrDefault(f => f.FileName == file) is { } figure) return Results.Bytes(ReportPlots.Png(figure), "image/png");
            if (sweep.Generators().FirstOrDefault(g => g.FileName == file) is { } grid) return Results.Bytes(grids.Png(grid), "image/png");
            return DashboardServer.NotFound(http, $"sweep '{id}' has no figure {file}");
        });

        app.MapGet("/runs/{id}", async (string id, JournalSource journal, CancellationToken cancel) =>
        {
            var (run, sweepId, events) = await Run(journal, id, cancel);
            return Results.Content(RunPage.Render(run, sweepId, events), Html);
        });
        app.MapGet("/runs/{id}/fragments/run", async (string id, JournalSource journal, CancellationToken cancel) =>
        {
            var (run, _, events) = await Run(journal, id, cancel);
            return Results.Content(RunPage.Details(run, events), Html);
        });
    }

    private static Spread SpreadOf(string? interval) => interval == "ci95" ? Spread.Confidence95 : Spread.StandardError;

    /// <summary>Null while the journal does not exist yet.</summary>
    private static async Task<IReadOnlyList<Output.SweepListing>?> Sweeps(JournalSource journal, CancellationToken cancel) =>
        await journal.ReaderAsync(cancel) is { } reader ? await SweepQueries.SweepsAsync(reader, cancel) : null;

    /// <summary>The run's events (`journal events`) and its row of the projection of the sweep it belongs to.</summary>
    private static async Task<(RunSummary Run, string SweepId, IReadOnlyList<Output.EventListing> Events)> Run(
        JournalSource journal, string runId, CancellationToken cancel)
    {
        var reader = await journal.RequireAsync(cancel);
        var events = await SweepQueries.RunEventsAsync(reader, runId, cancel);
        var sweepId = events[^1].Event.SweepId;
        var sweep = await SweepQueries.SummaryAsync(reader, sweepId, cancel);
        return (sweep.RunsById.GetValueOrDefault(runId) ?? RunSummary.Planned(runId, runId, null), sweepId, events);
    }
}
