using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitActors.Host.Dashboard;

/// <summary>The dashboard's script and style sheet, embedded in the assembly (Dashboard/Assets) and served under /static.</summary>
internal static class StaticAssets
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["dashboard.js"] = "text/javascript; charset=utf-8",
        ["dashboard.css"] = "text/css; charset=utf-8",
    };

    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/static/{name}", (string name, HttpContext http) =>
    {
        if (!Types.TryGetValue(name, out var type)) return DashboardServer.NotFound(http, $"no asset {name}");
        var stream = typeof(StaticAssets).Assembly.GetManifestResourceStream($"GitActors.Dashboard.{name}");
        return stream is null ? DashboardServer.NotFound(http, $"no asset {name}") : Results.Stream(stream, type);
    });
}
