using System.Globalization;
using System.Text;
using GitActors.Host.Reports;
using GitActors.Host.Sweeps;
using static GitActors.Host.Dashboard.Pages.Layout;
using ReportModel = GitActors.Models.Experiments.Reports.SweepReport;

namespace GitActors.Host.Dashboard.Pages;

/// <summary>
/// One sweep: its runs (state, node and device, attempt, epoch, images/s, ETA, accuracies, eKLD, last error: the rows
/// of `sweep status`), the results tables exactly as `report` prints them, and the report's figures. Each block is a
/// fragment the page re-fetches when the journal changes.
/// </summary>
internal static class SweepPage
{
    public static string Url(string sweepId) => $"/sweeps/{Uri.EscapeDataString(sweepId)}";

    public static string Render(SweepReport status, ReportModel report, IReadOnlyList<ReportFigure> figures, IReadOnlyList<MunitGridFigure> grids,
        long version, Spread spread)
    {
        var id = status.SweepId;
        var interval = spread == Spread.Confidence95 ? "ci95" : "se";
        var body = $"""
            <h1>{E(status.Name)} <span class="id">{E(id)}</span></h1>
            <p class="muted">JSON: <a href="/api{Url(id)}">status</a> (= sweep status --json) · <a href="/api{Url(id)}/report">report</a> (= report --json) ·
            <a href="/api{Url(id)}/runs">runs</a> (= journal runs --json) · ± shows
            <a href="{Url(id)}?interval=se">standard error</a> | <a href="{Url(id)}?interval=ci95">95% CI</a></p>
            <h2>Runs</h2>
            {Fragment("runs", $"{Url(id)}/fragments/runs", Runs(status))}
            <h2>Results</h2>
            {Fragment("results", $"{Url(id)}/fragments/results?interval={interval}", Results(report, spread))}
            <h2>Figures</h2>
            {Fragment("figures", $"{Url(id)}/fragments/figures", Figures(id, figures, grids, version))}
            """;
        return Page(status.Name, $"{Url(id)}/live", body);
    }

    public static string Runs(SweepReport status)
    {
        var html = new StringBuilder($"<p class=\"counts\">{status.Completed} completed, {status.Failed} failed of {status.Runs.Count} runs · started " +
                                     $"{Time(status.StartedAt)}{(status.CompletedAt is { } done ? $" · finished {Time(done)}" : "")}</p>");
        html.Append("<table class=\"runs\"><thead><tr><th>run</th><th>state</th><th>node / device</th><th>attempt</th><th>epoch</th>" +
                    "<th>progress</th><th>images/s</th><th>ETA</th><th>best bal. acc.</th><th>final bal. acc.</th><th>mean eKLD</th><th>last error</th></tr></thead><tbody>");
        foreach (var r in status.Runs)
        {
            var state = r.State.ToString().ToLowerInvariant();
            var fraction = r.TotalEpochs is > 0 ? Math.Clamp((double)r.Epoch / r.TotalEpochs.Value, 0, 1) : 0;
            html.Append($"<tr data-run=\"{E(r.RunId)}\" data-state=\"{state}\">" +
                        $"<td><a href=\"{RunPage.Url(r.RunId)}\">{E(r.Label)}</a></td><td><span class=\"state {state}\">{state}</span></td>" +
                        $"<td>{E(r.Node is null ? "" : $"{r.Node} / {r.Device}")}</td><td>{(r.Attempts > 0 ? r.Attempts : "")}</td>" +
                        $"<td>{r.Epoch}/{r.TotalEpochs?.ToString(CultureInfo.InvariantCulture) ?? "?"}</td>" +
                        $"<td><progress max=\"1\" value=\"{fraction.ToString("F3", CultureInfo.InvariantCulture)}\"></progress></td>" +
                        $"<td>{(r.ImagesPerSecond is { } ips ? ips.ToString("F0", CultureInfo.InvariantCulture) : "")}</td><td>{Duration(r.Eta)}</td>" +
                        $"<td>{Percent(r.BestBalancedAccuracy)}</td><td>{Percent(r.BalancedAccuracy)}</td>" +
                        $"<td>{(r.MeanEkld is { } e ? e.ToString("F4", CultureInfo.InvariantCulture) : "")}</td><td class=\"error\">{E(r.LastError)}</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>The tables of `report`, cell for cell (the same <see cref="ResultsConsole.Cell"/>), and its caption.</summary>
    public static string Results(ReportModel report, Spread spread)
    {
        if (report.Table.Rows.Count == 0) return "<p class=\"muted\">no runs with a known config in this sweep</p>";
        var html = new StringBuilder();
        foreach (var metric in ResultsConsole.Metrics(report.Table))
        {
            html.Append($"<table class=\"results\" data-metric=\"{E(metric.Title)}\"><caption>{E(metric.Title)}</caption><thead><tr><th>method</th>");
            foreach (var dataset in report.Table.Datasets) html.Append($"<th>{E(dataset)}</th>");
            html.Append("</tr></thead><tbody>");
            foreach (var row in report.Table.Rows)
            {
                html.Append($"<tr data-method=\"{E(row.Method)}\"><th>{E(row.Method)}</th>");
                for (var d = 0; d < report.Table.Datasets.Count; d++)
                    html.Append($"<td data-dataset=\"{E(report.Table.Datasets[d])}\">{E(ResultsConsole.Cell(row.Cells[d], metric.Value, metric.Scale, metric.Format, spread))}</td>");
                html.Append("</tr>");
            }
            html.Append("</tbody></table>");
        }
        return html.Append($"<p class=\"muted caption\">{E(ResultsConsole.Caption(report.Table, spread))}</p>").ToString();
    }

    /// <summary>
    /// The report's figures, then the MUNIT sample grids; <paramref name="version"/> (the journal offset) makes the
    /// browser fetch the report's figures again when the journal changed (a grid never changes: its generator is fixed).
    /// </summary>
    public static string Figures(string sweepId, IReadOnlyList<ReportFigure> figures, IReadOnlyList<MunitGridFigure> grids, long version)
    {
        if (figures.Count == 0 && grids.Count == 0) return "<p class=\"muted\">no figures yet: they appear with the first finished epoch.</p>";
        var html = new StringBuilder("<div class=\"figures\">");
        foreach (var f in figures)
            html.Append($"<figure><img src=\"{Url(sweepId)}/figures/{Uri.EscapeDataString(f.FileName)}?v={version}\" alt=\"{E(f.Title)}\" " +
                        $"width=\"{ReportPlots.Width / 2}\" height=\"{ReportPlots.Height / 2}\"><figcaption>{E(f.Title)}</figcaption></figure>");
        foreach (var g in grids)
            html.Append($"<figure class=\"munit\"><img src=\"{Url(sweepId)}/figures/{Uri.EscapeDataString(g.FileName)}\" alt=\"{E(g.Title)}\">" +
                        $"<figcaption>{E(g.Title)}</figcaption></figure>");
        return html.Append("</div>").ToString();
    }
}
