using System.CommandLine;
using GitActors.Actors.Journal;
using Newtonsoft.Json;
using Spectre.Console;

namespace GitActors.Host.Commands;

/// <summary>
/// `gitactors journal sweeps | runs SWEEP | events RUN | export SWEEP --format json|csv`: read-only views of the
/// journal, safe while a sweep is writing it.
/// </summary>
internal static class JournalCommand
{
    public const string DefaultJournal = "./gitactors-out/journal.db";

    public static Command Create()
    {
        var command = new Command("journal", "Read the experiment journal (read-only; safe while a sweep runs)");
        command.Subcommands.Add(Sweeps());
        command.Subcommands.Add(Runs());
        command.Subcommands.Add(Events());
        command.Subcommands.Add(Export());
        return command;
    }

    /// <summary>The options every journal verb shares: where the journal is, and --json.</summary>
    private sealed class Common
    {
        public Option<string> Journal { get; } = new("--journal")
        {
            Description = "SQLite journal file", DefaultValueFactory = _ => DefaultJournal,
        };
        public Option<string?> Provider { get; } = new("--provider", "--journal-provider") { Description = "Journal database: sqlite (default) or postgres" };
        public Option<string?> Connection { get; } = new("--connection") { Description = "PostgreSQL connection string" };
        public Option<bool> Json { get; } = new("--json") { Description = "Machine-readable JSON on stdout" };

        public void AddTo(Command command)
        {
            command.Options.Add(Journal);
            command.Options.Add(Provider);
            command.Options.Add(Connection);
            command.Options.Add(Json);
        }

        public JournalSettings Settings(ParseResult parse) =>
            JournalSettings.FromOptions(parse.GetValue(Provider), parse.GetValue(Connection), parse.GetValue(Journal)!);
    }

    private static Command Sweeps()
    {
        var common = new Common();
        var command = new Command("sweeps", "List the sweeps in the journal with their progress");
        common.AddTo(command);
        command.SetAction((parse, cancel) => WithReader(common, parse, async reader =>
        {
            var sweeps = await reader.ListSweeps(cancel);
            if (parse.GetValue(common.Json))
            {
                WriteJson(sweeps.Select(s => new
                {
                    s.SweepId, s.Name, s.StartedAt, s.CompletedAt, Runs = s.RunOrder.Count,
                    Pending = s.Count(RunState.Pending), Queued = s.Count(RunState.Queued), Running = s.Count(RunState.Running),
                    Completed = s.Count(RunState.Completed), Failed = s.Count(RunState.Failed),
                }));
                return 0;
            }
            var table = new Table().AddColumn(new TableColumn("sweep id").NoWrap()).AddColumns("name", "started", "runs", "done", "failed", "running", "waiting", "finished");
            foreach (var s in sweeps)
                table.AddRow(s.SweepId, Markup.Escape(s.Name), s.StartedAt?.ToString("u") ?? "", $"{s.RunOrder.Count}",
                    $"{s.Count(RunState.Completed)}", $"{s.Count(RunState.Failed)}", $"{s.Count(RunState.Running)}",
                    $"{s.Count(RunState.Pending) + s.Count(RunState.Queued)}", s.CompletedAt?.ToString("u") ?? "");
            AnsiConsole.Write(table);
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
            if (await RequireSweep(reader, parse.GetValue(sweepId)!, cancel) is not { } sweep) return 1;
            if (parse.GetValue(common.Json))
            {
                WriteJson(sweep.Runs.Select(r => new
                {
                    r.RunId, r.Label, r.State, r.Attempts, r.LastEpoch, r.BestBalancedAccuracy,
                    BalancedAccuracy = r.Result?.BalancedAccuracy, Top1 = r.Result?.Top1, Top5 = r.Result?.Top5,
                    MeanEkld = JournalExport.MeanEkld(r.Result), r.LastError,
                }));
                return 0;
            }
            var table = new Table().AddColumn(new TableColumn("run id").NoWrap()).AddColumns("label", "state", "attempts", "epoch", "best bal. acc", "final bal. acc", "top1", "mean eKLD");
            foreach (var r in sweep.Runs)
                table.AddRow(r.RunId, Markup.Escape(r.Label), r.State.ToString().ToLowerInvariant(), $"{r.Attempts}", $"{r.LastEpoch}",
                    Percent(r.BestBalancedAccuracy), Percent(r.Result?.BalancedAccuracy), Percent(r.Result?.Top1),
                    JournalExport.MeanEkld(r.Result) is { } ekld ? ekld.ToString("F4") : "");
            AnsiConsole.Write(table);
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
            var id = parse.GetValue(runId)!;
            var entries = await reader.RunEvents(id, cancel);
            if (parse.GetValue(common.Json))
            {
                WriteJson(entries.Select(e => new { e.Offset, e.PersistenceId, e.SequenceNr, e.Manifest, e.Event }));
                return 0;
            }
            if (entries.Count == 0)
            {
                Console.Error.WriteLine($"no events for run '{id}' in this journal");
                return 1;
            }
            var table = new Table().AddColumns("seq", "event", "details");
            foreach (var e in entries)
                table.AddRow($"{e.SequenceNr}", e.Manifest, Markup.Escape(Describe(e.Event)));
            AnsiConsole.Write(table);
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
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of stdout" };
        var command = new Command("export", "Export a sweep's runs and results as JSON or CSV");
        command.Arguments.Add(sweepId);
        command.Options.Add(format);
        command.Options.Add(output);
        common.AddTo(command);
        command.SetAction((parse, cancel) => WithReader(common, parse, async reader =>
        {
            if (await RequireSweep(reader, parse.GetValue(sweepId)!, cancel) is not { } sweep) return 1;
            var text = parse.GetValue(format) == "csv" ? JournalExport.ToCsv(sweep) : JournalExport.ToJson(sweep) + "\n";
            if (parse.GetValue(output) is { } file) await File.WriteAllTextAsync(file.FullName, text, cancel);
            else Console.Out.Write(text);
            return 0;
        }));
        return command;
    }

    /// <summary>Opens the reader; bad journal locations are reported on stderr with exit code 2.</summary>
    private static async Task<int> WithReader(Common common, ParseResult parse, Func<JournalReader, Task<int>> body)
    {
        JournalReader reader;
        try { reader = JournalReader.Open(common.Settings(parse)); }
        catch (Exception e) when (e is JournalFileException or ArgumentException)
        {
            Console.Error.WriteLine($"gitactors journal: {e.Message}");
            return 2;
        }
        await using (reader) return await body(reader);
    }

    private static async Task<SweepSummary?> RequireSweep(JournalReader reader, string sweepId, CancellationToken cancel)
    {
        var sweep = await reader.Sweep(sweepId, cancel);
        if (sweep is null) Console.Error.WriteLine($"no sweep '{sweepId}' in this journal (see `gitactors journal sweeps`)");
        return sweep;
    }

    private static void WriteJson(object value) => Console.Out.WriteLine(EventJson.ToJson(value, Formatting.Indented));

    private static string Percent(double? value) => value is { } v ? $"{v * 100:F2}%" : "";

    private static string Describe(ISweepEvent evt) => evt switch
    {
        RunQueued e => $"{e.At:u}",
        RunStarted e => $"{e.At:u} attempt {e.Attempt} on {e.Node}/{e.Device}, from epoch {e.ResumeFromEpoch}",
        EpochCompleted e => $"{e.At:u} epoch {e.Epoch}: loss {e.TrainLoss:F4}, lr {e.Lr:G4}, bal. acc {e.BalancedAccuracy * 100:F2}%, {e.ImagesPerSecond:F0} img/s",
        CheckpointRejected e => $"{e.At:u} epoch {e.Epoch} checkpoint {e.CheckpointPath}: {e.Reason}",
        RunCompleted e => $"{e.At:u} bal. acc {e.Result.BalancedAccuracy * 100:F2}%, top1 {e.Result.Top1 * 100:F2}%, {e.Result.Epochs} epochs",
        RunFailed e => $"{e.At:u} attempt {e.Attempt}: {e.Reason}{(e.WillRetry ? " (will retry)" : "")}",
        _ => EventJson.ToJson(evt),
    };
}
