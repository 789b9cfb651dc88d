using GitActors.Host.Bench;
using Spectre.Console;

namespace GitActors.Host.Commands.Bench;

/// <summary>`gitactors bench journal`: events/s and persist latency into SQLite (and PostgreSQL on request).</summary>
internal static class JournalBenchCommand
{
    public static Command Create()
    {
        var events = new Option<int>("--events") { Description = "EpochCompleted events persisted per mode", DefaultValueFactory = _ => 2000 };
        var window = new Option<int>("--in-flight") { Description = "PersistAsync: events outstanding at once", DefaultValueFactory = _ => 100 };
        var warmup = new Option<int>("--warmup") { Description = "Events persisted first and not reported", DefaultValueFactory = _ => 200 };
        var postgres = new Option<string?>("--postgres") { Description = "Also measure this PostgreSQL database (Npgsql connection string)" };
        var json = new Option<bool>("--json");
        var command = new Command("journal", "Journal write throughput (events/s) and persist latency (p50/p99): SQLite in a temp folder, optionally PostgreSQL; Persist vs PersistAsync");
        foreach (var option in new Option[] { events, window, warmup, postgres, json }) command.Options.Add(option);
        command.SetAction(async (parse, cancel) =>
        {
            var (n, w, warm) = (parse.GetValue(events), parse.GetValue(window), parse.GetValue(warmup));
            if (n < 1 || w < 1 || warm < 0) throw new ArgumentException("--events and --in-flight must be at least 1, --warmup at least 0");
            var results = new List<JournalBench.Result>(await JournalBench.Sqlite(n, w, warm));
            if (parse.GetValue(postgres) is { } connection)
            {
                PostgresJournal.Describe(connection);   // a malformed connection string is a clear error before any ActorSystem starts
                results.AddRange(await JournalBench.Postgres(connection, n, w, warm));
            }
            cancel.ThrowIfCancellationRequested();
            if (parse.GetValue(json)) { JsonOutput.Write(new { events = n, inFlight = w, warmup = warm, results }); return 0; }
            var table = new Table().AddColumns("store", "mode", "in flight", "events/s", "p50 ms", "p99 ms");
            foreach (var r in results)
                table.AddRow(r.Store, r.Mode.ToString(), r.InFlight.ToString(), $"{r.EventsPerSecond:F0}", $"{r.P50Ms:F2}", $"{r.P99Ms:F2}");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{n} EpochCompleted events per mode after {warm} warm-up events; real serializer and tagging adapter");
            return 0;
        });
        return command;
    }
}
