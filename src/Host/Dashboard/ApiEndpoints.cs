using GitActors.Host.Reports;
using GitActors.Host.Sweeps;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitActors.Host.Dashboard;

/// <summary>
/// The JSON endpoints, each the same shape and serializer as a command's --json: /api/sweeps = `journal sweeps`,
/// /api/sweeps/ID = `sweep status`, /api/sweeps/ID/runs = `journal runs`, /api/sweeps/ID/report = `report` (its plots
/// are the figure URLs here), /api/runs/ID = `journal events`.
/// </summary>
internal static class ApiEndpoints
{
    private const string Json = "application/json; charset=utf-8";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sweeps", async (JournalSource journal, CancellationToken cancel) =>
            Results.Content(JournalJson.Serialize(await journal.ReaderAsync(cancel) is { } reader ? await SweepQueries.SweepsAsync(reader, cancel) : []), Json));
        app.MapGet("/api/sweeps/{id}", async (string id, JournalSource journal, CancellationToken cancel) =>
            Results.Content(JsonOutput.Serialize((await SweepSnapshot.ReadAsync(journal, id, cancel)).Status()), Json));
        app.MapGet("/api/sweeps/{id}/runs", async (string id, JournalSource journal, CancellationToken cancel) =>
            Results.Content(JournalJson.Serialize((await SweepQueries.SummaryAsync(await journal.RequireAsync(cancel), id, cancel)).Runs.Select(RunListing.From).ToList()), Json));
        app.MapGet("/api/sweeps/{id}/report", async (string id, JournalSource journal, CancellationToken cancel) =>
        {
            var sweep = await SweepSnapshot.ReadAsync(journal, id, cancel);
            var report = sweep.Report();
            var urls = ReportPlots.Figures(report).Select(f => $"/sweeps/{Uri.EscapeDataString(id)}/figures/{Uri.EscapeDataString(f.FileName)}").ToList();
            return Results.Content(JsonOutput.Serialize(ReportOutput.Of(report, urls)), Json);
        });
        app.MapGet("/api/runs/{id}", async (string id, JournalSource journal, CancellationToken cancel) =>
            Results.Content(JournalJson.Serialize(await SweepQueries.RunEventsAsync(await journal.RequireAsync(cancel), id, cancel)), Json));
    }
}
