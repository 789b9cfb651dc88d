using GitActors.Host.Reports;
using GitActors.Host.Sweeps;
using GitActors.Host.TensorBoard;
using GitActors.Models.Experiments.Reports;
using Spectre.Console;

namespace GitActors.Host.Commands;

/// <summary>
/// `gitactors report SWEEP`: the sweep's results as the paper's tables (method x dataset, mean ± spread over runs)
/// and PNG figures (per-class eKLD and accuracy against class size, training curves), read from the journal; with
/// --tensorboard DIR also every classifier run's TensorBoard event files, so runs trained on other nodes have them.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var sweepId = new Argument<string>("sweep-id") { Description = "The sweep (see `gitactors journal sweeps`)" };
        var location = new JournalLocation();
        var plots = new Option<string?>("--plots") { Description = "Folder for the PNG figures (default <out>/plots/<sweep-id>)" };
        var noPlots = new Option<bool>("--no-plots") { Description = "Only the tables" };
        var tensorboard = new Option<string?>("--tensorboard") { Description = "Write TensorBoard event files under DIR/<sweep-id>/<run-label> from the journal" };
        var interval = new Option<string>("--interval") { Description = "What ± shows: se (standard error, Tables 1-4) or ci95 (95% t interval, K49)", DefaultValueFactory = _ => "se" };
        interval.AcceptOnlyFromAmong("se", "ci95");
        var json = new Option<bool>("--json") { Description = "Machine-readable JSON on stdout (the full report and the figure files)" };
        var claims = new Option<bool>("--claims") { Description = "Check the paper's claims on the sweep: each with its statistic, 95% interval and verdict" };

        var command = new Command("report", "Results tables and plots of a sweep, from its journal");
        command.Arguments.Add(sweepId);
        location.AddTo(command);
        foreach (var option in new Option[] { plots, noPlots, tensorboard, interval, json, claims }) command.Options.Add(option);
        command.SetAction(async (parse, cancel) =>
        {
            var id = parse.GetValue(sweepId)!;
            var outFolder = location.OutFolder(parse);
            var events = await SweepQueries.EventsAsync(location.Settings(parse), id, cancel);

            if (parse.GetValue(claims))
            {
                var checks = PaperClaims.Build(id, events);
                if (parse.GetValue(json)) JsonOutput.Write(checks);
                else ClaimsConsole.Write(StdoutConsole.ForStdout(), checks);
                return 0;
            }

            var report = SweepQueries.Report(id, events);
            var spread = parse.GetValue(interval) == "ci95" ? Spread.Confidence95 : Spread.StandardError;
            var files = parse.GetValue(noPlots) ? [] : ReportPlots.WriteAll(report, parse.GetValue(plots) ?? Path.Combine(outFolder, "plots", id));
            var boards = parse.GetValue(tensorboard) is { } board ? TensorBoardExport.Write(board, id, events) : [];
            if (parse.GetValue(json))
            {
                JsonOutput.Write(ReportOutput.Of(report, files));
                return 0;
            }
            ResultsConsole.Write(StdoutConsole.ForStdout(), report, spread);
            foreach (var file in files) AnsiConsole.MarkupLine($"wrote [link]{Markup.Escape(file)}[/]");
            foreach (var folder in boards) AnsiConsole.MarkupLine($"wrote TensorBoard events under {Markup.Escape(folder)}");
            return 0;
        });
        return command;
    }
}
