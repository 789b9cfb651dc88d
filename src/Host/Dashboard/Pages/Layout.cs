using System.Net;

namespace GitActors.Host.Dashboard.Pages;

/// <summary>The page frame every dashboard page shares; <paramref name="live"/> is the page's server-sent event stream.</summary>
internal static class Layout
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Page(string title, string? live, string body) => $"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)} · GitActors</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="/static/dashboard.css">
        <script src="/static/dashboard.js" defer></script>
        </head>
        <body{(live is null ? "" : $" data-live=\"{E(live)}\"")}>
        <header><a href="/">GitActors</a> <span class="live-state" id="live-state"></span></header>
        <main>
        {body}
        </main>
        </body>
        </html>
        """;

    /// <summary>A block whose content the page re-fetches from <paramref name="url"/> whenever the journal changes.</summary>
    public static string Fragment(string id, string url, string content) =>
        $"<section id=\"{E(id)}\" data-fragment=\"{E(url)}\">{content}</section>";

    public static string Percent(double? value) => value is { } v && double.IsFinite(v) ? $"{v * 100:F2}%" : "";

    public static string Time(DateTimeOffset? at) => at is { } t ? t.ToString("u") : "";

    public static string Duration(TimeSpan? span) => span is { } s ? s.ToString(@"hh\:mm\:ss") : "";
}
