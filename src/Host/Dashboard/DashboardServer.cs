using System.Net;
using GitActors.Host.Commands;
using GitActors.Host.Dashboard.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitActors.Host.Dashboard;

/// <summary>
/// `gitactors dashboard`'s web server: Kestrel (ASP.NET Core from the shared framework) on one loopback address,
/// read-only over one journal. Pages and fragments are HTML rendered here from the same code as the command line;
/// /api/... returns the command line's --json shapes; /.../live streams journal changes (server-sent events).
/// An unknown sweep or run is a 404 page (or a JSON error under /api), any other failure one line, never a stack trace.
/// </summary>
internal static class DashboardServer
{
    /// <summary>The standalone dashboard (`gitactors dashboard`): its own read-only journal reader.</summary>
    public static WebApplication Build(JournalSettings journal, string host, int port)
    {
        var builder = CreateBuilder(host, port);
        builder.Services.AddSingleton(_ => new JournalSource(journal.ReadOnly()));
        var app = builder.Build();
        Map(app);
        return app;
    }

    /// <summary>The generic host's builder with Kestrel on one address; the caller adds a <see cref="JournalSource"/>.</summary>
    public static WebApplicationBuilder CreateBuilder(string host, int port)
    {
        if (!IPAddress.TryParse(host, out var address)) throw new ArgumentException($"--host {host}: expected an IP address such as 127.0.0.1");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, port));
        builder.Services.AddSingleton(_ => new MunitGrids(new DatasetCache().Get));
        return builder;
    }

    public static void Map(WebApplication app)
    {
        app.Use(Errors);
        StaticAssets.Map(app);
        PageEndpoints.Map(app);
        ApiEndpoints.Map(app);
        LiveEndpoints.Map(app);
        app.MapFallback((HttpContext http) => NotFound(http, $"nothing at {http.Request.Path}"));
    }

    /// <summary>The address Kestrel bound (with --port 0, the port it chose).</summary>
    public static string Address(WebApplication app) => app.Urls.First();

    private static async Task Errors(HttpContext http, RequestDelegate next)
    {
        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && e is UnknownIdException)
        {
            await NotFound(http, e.Message).ExecuteAsync(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && e is not OperationCanceledException)
        {
            http.Response.Clear();
            http.Response.StatusCode = e is InputException or ArgumentException ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError;
            await Reply(http, $"{e.GetType().Name}: {e.Message}").ExecuteAsync(http);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The browser went away (a live stream closed): nothing to answer.
        }
    }

    public static IResult NotFound(HttpContext http, string message)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Reply(http, message);
    }

    private static IResult Reply(HttpContext http, string message) => http.Request.Path.StartsWithSegments("/api")
        ? Results.Json(new { error = message }, statusCode: http.Response.StatusCode)
        : Results.Content(NotFoundPage.Render(message, http.Response.StatusCode), "text/html; charset=utf-8", statusCode: http.Response.StatusCode);
}
