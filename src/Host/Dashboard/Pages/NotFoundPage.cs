using static GitActors.Host.Dashboard.Pages.Layout;

namespace GitActors.Host.Dashboard.Pages;

/// <summary>The error page (404 for an unknown sweep, run or path): what went wrong in one line, and the way back.</summary>
internal static class NotFoundPage
{
    public static string Render(string message, int status) =>
        Page(status == 404 ? "not found" : "error", null,
            $"<h1>{(status == 404 ? "Not found" : "Error")}</h1><p class=\"not-found\">{E(message)}</p><p><a href=\"/\">all sweeps</a></p>");
}
