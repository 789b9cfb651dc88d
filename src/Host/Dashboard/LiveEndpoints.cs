using GitActors.Host.Sweeps;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace GitActors.Host.Dashboard;

/// <summary>
/// Server-sent events that tell a page the journal changed, so it re-fetches its fragments without a reload. The
/// journal is the one source of truth, so this works alike for a sweep in another process or on a cluster sharing
/// PostgreSQL: /sweeps/ID/live reads the sweep's events after the last offset it sent (the journal's event stream by
/// tag) every <see cref="Poll"/>, and sends `event: journal` with the newest offset when there are new ones; /live does
/// the same for the list of sweeps.
/// </summary>
internal static class LiveEndpoints
{
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/sweeps/{id}/live", (string id, HttpContext http, JournalSource journal, IHostApplicationLifetime life) =>
        {
            var offset = 0L;
            return Stream(http, life, async cancel =>
            {
                if (await journal.ReaderAsync(cancel) is not { } reader) return null;
                var news = await reader.SweepEventsAfter(id, offset, cancel);
                if (news.Count == 0) return null;
                offset = news.Max(e => e.Offset);
                return $"{offset}";
            });
        });
        app.MapGet("/live", (HttpContext http, JournalSource journal, IHostApplicationLifetime life) =>
        {
            var seen = "";
            return Stream(http, life, async cancel =>
            {
                if (await journal.ReaderAsync(cancel) is not { } reader) return null;
                var now = JournalJson.Serialize(await SweepQueries.SweepsAsync(reader, cancel));
                if (now == seen) return null;
                seen = now;
                return $"{now.Length}";
            });
        });
    }

    /// <summary>Polls <paramref name="change"/> until the browser leaves or the server stops; sends each non-null answer.</summary>
    private static async Task Stream(HttpContext http, IHostApplicationLifetime life, Func<CancellationToken, Task<string?>> change)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, life.ApplicationStopping);
        var cancel = linked.Token;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.WriteAsync(": connected\n\n", cancel);
        await http.Response.Body.FlushAsync(cancel);
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                if (await change(cancel) is { } data)
                {
                    await http.Response.WriteAsync($"event: journal\ndata: {data}\n\n", cancel);
                    await http.Response.Body.FlushAsync(cancel);
                }
                await Task.Delay(Poll, cancel);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The page closed or the server is stopping.
        }
    }
}
