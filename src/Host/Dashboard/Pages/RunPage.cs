using System.Text;
using Newtonsoft.Json;
using static GitActors.Host.Dashboard.Pages.Layout;

namespace GitActors.Host.Dashboard.Pages;

/// <summary>
/// One run: its config, its journal timeline (the lines of `journal events`), and once it has finished its per-class
/// accuracy and eKLD with the training class sizes (the table `train` prints). Run is the sweep projection's view of it.
/// </summary>
internal static class RunPage
{
    public static string Url(string runId) => $"/runs/{Uri.EscapeDataString(runId)}";

    public static string Render(RunSummary run, string sweepId, IReadOnlyList<EventListing> events)
    {
        var body = $"""
            <h1>{E(run.Label)} <span class="id">{E(run.RunId)}</span></h1>
            <p class="muted">sweep <a href="{SweepPage.Url(sweepId)}">{E(sweepId)}</a> · JSON: <a href="/api{Url(run.RunId)}">events</a> (= journal events --json)</p>
            {Fragment("run", $"{Url(run.RunId)}/fragments/run", Details(run, events))}
            <h2>Config</h2>
            <pre class="config">{E(run.Config is null ? "(not in the plan)" : EventJson.ToJson(run.Config, Formatting.Indented))}</pre>
            """;
        return Page(run.Label, $"{SweepPage.Url(sweepId)}/live", body);
    }

    /// <summary>The live part: state, timeline, per-class results.</summary>
    public static string Details(RunSummary run, IReadOnlyList<EventListing> events)
    {
        var state = run.State.ToString().ToLowerInvariant();
        var html = new StringBuilder($"<p>state <span class=\"state {state}\" data-state=\"{state}\">{state}</span>, attempt {run.Attempts}, " +
                                     $"epoch {run.LastEpoch}{(run.Node is null ? "" : $" on {E(run.Node)} / {E(run.Device)}")}</p>");
        html.Append("<h2>Timeline</h2><table class=\"timeline\"><thead><tr><th>seq</th><th>event</th><th>details</th></tr></thead><tbody>");
        foreach (var e in events)
            html.Append($"<tr><td>{e.SequenceNr}</td><td>{E(e.Manifest)}</td><td>{E(EventText.Describe(e.Event))}</td></tr>");
        html.Append("</tbody></table>");
        html.Append("<h2>Per class</h2>");
        if (run.Result is not { } result) return html.Append("<p class=\"muted\">when the run completes.</p>").ToString();
        var table = PerClassTable.Of(result);
        html.Append("<table class=\"per-class\"><thead><tr>");
        foreach (var h in table.Header) html.Append($"<th>{E(h)}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
            html.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{E(c)}</td>"))).Append("</tr>");
        return html.Append("</tbody></table>").ToString();
    }
}
