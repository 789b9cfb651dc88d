using GitActors.Host.Sweeps;
using Spectre.Console;

namespace GitActors.Host.Commands;

/// <summary>
/// `gitactors journal sweeps | runs SWEEP | events RUN | export SWEEP --format json|csv [--file FILE]`: read-only
/// views of the journal, safe while a sweep is writing it.
/// </summary>
internal static class JournalCommand
{
    public static Command Create()
    {
        var command = new Command("journal", "Read the experiment journal (read-only; safe while a sweep runs)");
        command.Subcommands.Add(Sweeps());
        command.Subcommands.Add(Runs());
        command.Subcommands.Add(Events());
        command.Subcommands.Add(Export());
        return command;
    }

    /// <summary>The options every journal verb shares: where the journal is (as for every sweep verb), and --json.</summary>
    private sealed class Common
    {
        public JournalLocation Location { get; } = new();
        public Option<bool> Json { get; } = new("--json") { Description = "Machine-readable JSON on stdout" };

        public void AddTo(Command command)
        {
            Location.AddTo(command);
            command.Options.Add(Json);
        }
    }

    private static Command Sweeps()
    {
        var common = new Common();
        var command = new Command("sweeps", "List the sweeps in the journal with their progress");
        common.AddTo(command);
        command.SetAction((parse, cancel) => WithReader(common, parse, async reader =>
        {
            var sweeps = await SweepQueries.SweepsAsync(reader, cancel);
            if (parse.GetValue(common.Json))
            {
                Console.Out.WriteLine(JournalJson.Serialize(sweeps));
                return 0;
            }
            var table = new Table().AddColumns("sweep id", "name", "started", "runs", "done", "failed", "running", "waiting", "finished");
            foreach (var s in sweeps)
                table.AddRow(s.SweepId, Markup.Escape(s.Name), s.StartedAt?.ToString("u") ?? "", $"{s.Runs}", $"{s.Completed}", $"{s.Failed}",
                    $"{s.Running}", $"{s.Pending + s.Queued}", s.CompletedAt?.ToString("u") ?? "");
            StdoutConsole.ForStdout().Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Runs()
    {
        var common = new Common();
        var sweepId = new Argument<string>("sweep-id") { Description = "The sweep (see `journal sweeps`)" };
        var command = new Command("runs", "The runs of one sweep: state, attempts, epochs, accuracy");
        command.Arguments.Add(sweepId);
        common.AddTo(command);
        command.SetAction((parse, cancel) => WithReader(common, parse, async reader =>
        {
            var runs = (await SweepQueries.SummaryAsync(reader, parse.GetValue(sweepId)!, cancel)).Runs.Select(RunListing.From).ToList();
            if (parse.GetValue(common.Json))
            {
                Console.Out.WriteLine(JournalJson.Serialize(runs));
                return 0;
            }
            var table = new Table().AddColumns("run id", "label", "state", "attempts", "epoch", "best bal. acc", "final bal. acc", "top1", "mean eKLD", "job");
            foreach (var r in runs)
                table.AddRow(r.RunId, Markup.Escape(r.Label), r.State.ToString().ToLowerInvariant(), $"{r.Attempts}", $"{r.LastEpoch}",
                    Percent(r.BestBalancedAccuracy), Percent(r.BalancedAccuracy), Percent(r.Top1), r.MeanEkld is { } ekld ? ekld.ToString("F4") : "",
                    Markup.Escape(r.JobText()));
            StdoutConsole.ForStdout().Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Events()
    {
        var common = new Common();
        var runId = new Argument<string>("run-id") { Description = "The run (see `journal runs`)" };
        var command = new Command("events", "Every journal event of one run, in order");
        command.Arguments.Add(runId);
        common.AddTo(command);
        command.SetAction((parse, cancel) => WithReader(common, parse, async reader =>
        {
            var entries = await SweepQueries.RunEventsAsync(reader, parse.GetValue(runId)!, cancel);
            if (parse.GetValue(common.Json))
            {
                Console.Out.WriteLine(JournalJson.Serialize(entries));
                return 0;
            }
            var table = new Table().AddColumns("seq", "event", "details");
            foreach (var e in entries)
                table.AddRow($"{e.SequenceNr}", e.Manifest, Markup.Escape(EventText.Describe(e.Event)));
            StdoutConsole.ForStdout().Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Export()
    {
        var common = new Common();
        var sweepId = new Argument<string>("sweep-id") { Description = "The sweep to export" };
        var format = new Option<string>("--format") { Description = "json (everything) or csv (one row per run)", Required = true };
        format.AcceptOnlyFromAmong("json", "csv");
        var file = new Option<FileInfo?>("--file") { Description = "Write the export to this file instead of stdout" };
        var command = new Command("export", "Export a sweep's runs and results as JSON or CSV");
        command.Arguments.Add(sweepId);
        command.Options.Add(format);
        command.Options.Add(file);
        common.Location.AddTo(command);
        command.SetAction((parse, cancel) => WithReader(common, parse, async reader =>
        {
            var sweep = await SweepQueries.SummaryAsync(reader, parse.GetValue(sweepId)!, cancel);
            var text = parse.GetValue(format) == "csv" ? JournalExport.ToCsv(sweep) : JournalExport.ToJson(sweep) + "\n";
            if (parse.GetValue(file) is { } target) await File.WriteAllTextAsync(target.FullName, text, cancel);
            else Console.Out.Write(text);
            return 0;
        }));
        return command;
    }

    /// <summary>Runs the verb on the journal the options name (one that cannot be opened is bad input, see CommandErrors).</summary>
    private static Task<int> WithReader(Common common, ParseResult parse, Func<JournalReader, Task<int>> body) =>
        SweepQueries.ReadAsync(common.Location.Settings(parse), body);

    private static string Percent(double? value) => value is { } v ? $"{v * 100:F2}%" : "";
}
