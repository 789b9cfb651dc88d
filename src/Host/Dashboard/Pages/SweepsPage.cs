using System.Text;
using static GitActors.Host.Dashboard.Pages.Layout;

namespace GitActors.Host.Dashboard.Pages;

/// <summary>All sweeps in the journal: state, run counts, start and end (the rows of `journal sweeps`).</summary>
internal static class SweepsPage
{
    public const string FragmentUrl = "/fragments/sweeps";

    public static string Render(IReadOnlyList<SweepListing>? sweeps, string journal) =>
        Page("sweeps", "/live", $"<h1>Sweeps</h1><p class=\"muted\">journal: {E(journal)}</p>" + Fragment("sweeps", FragmentUrl, Table(sweeps)));

    /// <summary>Null: the journal does not exist yet.</summary>
    public static string Table(IReadOnlyList<SweepListing>? sweeps)
    {
        if (sweeps is null) return "<p class=\"muted\">no journal yet; this page fills in when a sweep starts.</p>";
        if (sweeps.Count == 0) return "<p class=\"muted\">no sweeps in this journal yet.</p>";
        var html = new StringBuilder("<table><thead><tr><th>sweep</th><th>id</th><th>state</th><th>runs</th><th>completed</th><th>failed</th>" +
                                     "<th>running</th><th>waiting</th><th>started</th><th>finished</th></tr></thead><tbody>");
        foreach (var s in sweeps)
        {
            var state = s.CompletedAt is not null ? "completed" : s.Running > 0 ? "running" : "waiting";
            html.Append($"<tr data-sweep=\"{E(s.SweepId)}\" data-state=\"{state}\"><td><a href=\"/sweeps/{E(s.SweepId)}\">{E(s.Name)}</a></td>" +
                        $"<td class=\"id\">{E(s.SweepId)}</td><td><span class=\"state {state}\">{state}</span></td><td>{s.Runs}</td>" +
                        $"<td>{s.Completed}</td><td>{s.Failed}</td><td>{s.Running}</td><td>{s.Pending + s.Queued}</td>" +
                        $"<td>{Time(s.StartedAt)}</td><td>{Time(s.CompletedAt)}</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }
}
