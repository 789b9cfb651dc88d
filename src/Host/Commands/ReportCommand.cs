using System.CommandLine;
using GitActors.Actors.Journal;
using GitActors.Actors.Reports;
using GitActors.Host.Output;
using GitActors.Host.Reports;
using Spectre.Console;

namespace GitActors.Host.Commands;

/// <summary>
/// `gitactors report SWEEP`: the sweep's results as the paper's tables (method x dataset, mean ± spread over runs)
/// and PNG figures (per-class eKLD and accuracy against class size, training curves), read from the journal.
/// </summary>
internal static class ReportCommand
{
    public const string DefaultOutput = "./gitactors-out";

    public static Command Create()
    {
        var sweepId = new Argument<string>("sweep-id") { Description = "The sweep (see `gitactors journal sweeps`)" };
        var output = new Option<string>("--out") { Description = "Output folder of the sweep: journal <out>/journal.db, plots <out>/plots/<sweep-id>", DefaultValueFactory = _ => DefaultOutput };
        var journal = new Option<string?>("--journal") { Description = "SQLite journal file (default <out>/journal.db)" };
        var provider = new Option<string?>("--provider") { Description = "Journal database: sqlite (default) or postgres" };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string" };
        var plots = new Option<string?>("--plots") { Description = "Folder for the PNG figures (default <out>/plots/<sweep-id>)" };
        var noPlots = new Option<bool>("--no-plots") { Description = "Only the tables" };
        var interval = new Option<string>("--interval") { Description = "What ± shows: se (standard error, Tables 1-4) or ci95 (95% t interval, K49)", DefaultValueFactory = _ => "se" };
        interval.AcceptOnlyFromAmong("se", "ci95");
        var json = new Option<bool>("--json") { Description = "Machine-readable JSON on stdout (the full report and the figure files)" };
        var claims = new Option<bool>("--claims") { Description = "Check the paper's claims on the sweep: each with its statistic, 95% interval and verdict" };

        var command = new Command("report", "Results tables and plots of a sweep, from its journal");
        command.Arguments.Add(sweepId);
        foreach (var option in new Option[] { output, journal, provider, connection, plots, noPlots, interval, json, claims }) command.Options.Add(option);
        command.SetAction(async (parse, cancel) =>
        {
            var id = parse.GetValue(sweepId)!;
            var outFolder = parse.GetValue(output)!;
            IReadOnlyList<ISweepEvent> events;
            try
            {
                var settings = JournalSettings.FromOptions(parse.GetValue(provider), parse.GetValue(connection),
                    parse.GetValue(journal) ?? Path.Combine(outFolder, JournalSettings.DefaultFileName));
                await using var reader = JournalReader.Open(settings);
                events = (await reader.SweepEvents(id, cancel)).Select(e => e.Event).ToList();
            }
            catch (Exception e) when (e is JournalFileException or ArgumentException)
            {
                Console.Error.WriteLine($"gitactors report: {e.Message}");
                return 2;
            }
            if (events.Count == 0)
            {
                Console.Error.WriteLine($"no sweep '{id}' in this journal (see `gitactors journal sweeps`)");
                return 1;
            }

            if (parse.GetValue(claims))
            {
                var checks = PaperClaims.Build(id, events);
                if (parse.GetValue(json)) JsonOutput.Write(checks);
                else ClaimsConsole.Write(AnsiConsole.Console, checks);
                return 0;
            }

            var report = SweepReport.Build(id, events);
            var spread = parse.GetValue(interval) == "ci95" ? Spread.Confidence95 : Spread.StandardError;
            var files = parse.GetValue(noPlots) ? [] : ReportPlots.WriteAll(report, parse.GetValue(plots) ?? Path.Combine(outFolder, "plots", id));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(new
                {
                    Intervals = "each metric: mean, standardError = s/sqrt(n), lower/upper = 95% Student-t bounds, count = completed runs; accuracies are fractions",
                    Report = report,
                    Plots = files,
                });
                return 0;
            }
            ResultsConsole.Write(AnsiConsole.Console, report, spread);
            foreach (var file in files) AnsiConsole.MarkupLine($"wrote [link]{Markup.Escape(file)}[/]");
            return 0;
        });
        return command;
    }
}
