using System.CommandLine;
using GitActors.Actors.Journal;
using GitActors.Host.Bench;
using GitActors.Host.Output;
using GitActors.Models;
using Spectre.Console;
using TorchSharp;

namespace GitActors.Host.Commands;

/// <summary>`gitactors bench ...`: throughput measured side by side with a peer in one invocation, reported as ratios.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks, each measured side by side with its reference in one run");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Journal());
        command.Subcommands.Add(Munit());
        command.Subcommands.Add(Augment());
        return command;
    }

    private static Command Munit()
    {
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => Environment.ProcessorCount };
        var size = new Option<int>("--size") { Description = "Image side (1 channel)", DefaultValueFactory = _ => 28 };
        var steps = new Option<int>("--steps") { DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { DefaultValueFactory = _ => 2 };
        var rounds = new Option<int>("--rounds") { Description = "Alternating .NET / PyTorch rounds; the median is reported", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json");
        var command = new Command("munit", "MUNIT training iterations/s (paper networks, batch 1, 28x28, 1 channel) vs the same step in Debian's python3-torch");
        foreach (var option in new Option[] { threads, size, steps, warmup, rounds, json }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var (t, n, s, w, r) = (parse.GetValue(threads), parse.GetValue(size), parse.GetValue(steps), parse.GetValue(warmup), parse.GetValue(rounds));
            torch.set_num_threads(t);
            var peer = PythonPeer.Available(out var missing);
            var ours = new List<double>();
            var theirs = new List<double>();
            for (var round = 0; round < r; round++)
            {
                ours.Add(MunitBench.IterationsPerSecond(n, w, s));
                Console.Error.WriteLine($"round {round + 1}: gitactors {ours[^1]:F3} it/s");
                if (!peer) continue;
                var result = PythonPeer.RunJson("munit_peer.py", [t.ToString(), n.ToString(), w.ToString(), s.ToString()], TimeSpan.FromMinutes(10));
                theirs.Add((double)result["iterations_per_second"]!);
                Console.Error.WriteLine($"round {round + 1}: pytorch   {theirs[^1]:F3} it/s");
            }
            var row = new
            {
                gitactorsIterationsPerSecond = Median(ours),
                pytorchIterationsPerSecond = peer ? Median(theirs) : (double?)null,
                ratio = peer ? Median(ours) / Median(theirs) : (double?)null,
            };
            if (parse.GetValue(json)) { JsonOutput.Write(new { threads = t, size = n, steps = s, rounds = r, result = row }); return 0; }
            if (!peer) AnsiConsole.MarkupLine($"[yellow]PyTorch peer unavailable: {Markup.Escape(missing)}[/]");
            var table = new Table().AddColumns("GitActors it/s", "PyTorch it/s", "ratio");
            table.AddRow($"{row.gitactorsIterationsPerSecond:F3}", row.pytorchIterationsPerSecond is { } p ? $"{p:F3}" : "-", row.ratio is { } q ? $"{q:F2}x" : "-");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{t} threads, {n}x{n}, {s} timed iterations after {w} warm-up, median of {r} alternating rounds");
            return 0;
        });
        return command;
    }

    private static Command Augment()
    {
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => Environment.ProcessorCount };
        var poolSize = new Option<int>("--pool-size") { DefaultValueFactory = _ => 1 };
        var inFlight = new Option<int>("--in-flight") { Description = "Requests one requester may have at the pool", DefaultValueFactory = _ => 2 };
        var fraction = new Option<double>("--fraction") { Description = "GIT's p: rows per batch sent to the pool", DefaultValueFactory = _ => 0.5 };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 128 };
        var requests = new Option<int>("--requests") { DefaultValueFactory = _ => 6 };
        var steps = new Option<int>("--steps") { Description = "Timed classifier steps", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json");
        var command = new Command("augment", "Augmenter pool images/s against what a classifier trainer consumes with GIT (p x its images/s), simplecnn and resnet20");
        foreach (var option in new Option[] { threads, poolSize, inFlight, fraction, batch, requests, steps, json }) command.Options.Add(option);
        command.SetAction(async (parse, cancel) =>
        {
            var (t, b, p) = (parse.GetValue(threads), parse.GetValue(batch), parse.GetValue(fraction));
            torch.set_num_threads(t);
            var rows = (int)Math.Round(p * b, MidpointRounding.AwayFromZero);
            var folder = Directory.CreateTempSubdirectory("gitactors-bench-").FullName;
            double pool;
            try
            {
                pool = await AugmentBench.ImagesPerSecond(parse.GetValue(poolSize), parse.GetValue(inFlight), rows, warmup: 1, parse.GetValue(requests), folder);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
            Console.Error.WriteLine($"augmenter pool: {pool:F1} img/s");
            var models = new[] { ModelKind.SimpleCnn, ModelKind.ResNet20 };
            var results = models.Select(m =>
            {
                var train = TrainBench.ImagesPerSecond(m, b, 3, parse.GetValue(steps));
                Console.Error.WriteLine($"{ConfigNames.Name(m)} trainer: {train:F1} img/s");
                return new { model = ConfigNames.Name(m), trainerImagesPerSecond = train, gitImagesNeededPerSecond = p * train, poolImagesPerSecond = pool, poolOverNeed = pool / (p * train) };
            }).ToList();
            if (parse.GetValue(json)) { JsonOutput.Write(new { threads = t, poolSize = parse.GetValue(poolSize), fraction = p, batch = b, results }); return 0; }
            var table = new Table().AddColumns("model", "trainer img/s", "GIT needs img/s", "pool img/s", "pool / need");
            foreach (var r in results)
                table.AddRow(r.model, $"{r.trainerImagesPerSecond:F1}", $"{r.gitImagesNeededPerSecond:F1}", $"{r.poolImagesPerSecond:F1}", $"{r.poolOverNeed:F2}x");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{t} threads, batch {b}, p = {p}: {rows} generated rows per batch; pool measured alone, trainer measured alone (they share the cores in a real run)");
            return 0;
        });
        return command;
    }

    private static Command Train()
    {
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => Environment.ProcessorCount };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 128 };
        var steps = new Option<int>("--steps") { DefaultValueFactory = _ => 30 };
        var warmup = new Option<int>("--warmup") { DefaultValueFactory = _ => 5 };
        var rounds = new Option<int>("--rounds") { Description = "Alternating .NET / PyTorch rounds; the median is reported", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json");
        var command = new Command("train", "Classifier training images/s (simplecnn, resnet20; 28x28, batch 128) vs Debian's python3-torch");
        foreach (var option in new Option[] { threads, batch, steps, warmup, rounds, json }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var (t, b, s, w, r) = (parse.GetValue(threads), parse.GetValue(batch), parse.GetValue(steps), parse.GetValue(warmup), parse.GetValue(rounds));
            torch.set_num_threads(t);
            var models = new[] { ModelKind.SimpleCnn, ModelKind.ResNet20 };
            var peer = PythonPeer.Available(out var missing);
            var ours = models.ToDictionary(m => m, _ => new List<double>());
            var theirs = models.ToDictionary(m => m, _ => new List<double>());
            for (var round = 0; round < r; round++)
            {
                foreach (var model in models)
                {
                    ours[model].Add(TrainBench.ImagesPerSecond(model, b, w, s));
                    Console.Error.WriteLine($"round {round + 1}: gitactors {ConfigNames.Name(model)} {ours[model][^1]:F1} img/s");
                }
                if (!peer) continue;
                var result = PythonPeer.RunJson("train_peer.py", [t.ToString(), b.ToString(), s.ToString(), w.ToString(), string.Join(",", models.Select(ConfigNames.Name))], TimeSpan.FromMinutes(10));
                foreach (var model in models)
                {
                    theirs[model].Add((double)result["images_per_second"]![ConfigNames.Name(model)]!);
                    Console.Error.WriteLine($"round {round + 1}: pytorch   {ConfigNames.Name(model)} {theirs[model][^1]:F1} img/s");
                }
            }
            var rows = models.Select(m => new
            {
                model = ConfigNames.Name(m),
                gitactorsImagesPerSecond = Median(ours[m]),
                pytorchImagesPerSecond = peer ? Median(theirs[m]) : (double?)null,
                ratio = peer ? Median(ours[m]) / Median(theirs[m]) : (double?)null,
            }).ToList();
            if (parse.GetValue(json)) { JsonOutput.Write(new { threads = t, batch = b, steps = s, rounds = r, results = rows }); return 0; }
            if (!peer) AnsiConsole.MarkupLine($"[yellow]PyTorch peer unavailable: {Markup.Escape(missing)}[/]");
            var table = new Table().AddColumns("model", "GitActors img/s", "PyTorch img/s", "ratio");
            foreach (var row in rows)
                table.AddRow(row.model, $"{row.gitactorsImagesPerSecond:F1}", row.pytorchImagesPerSecond is { } p ? $"{p:F1}" : "-", row.ratio is { } q ? $"{q:F2}x" : "-");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{t} threads, batch {b}, {s} timed steps after {w} warm-up, median of {r} alternating rounds");
            return 0;
        });
        return command;
    }

    private static Command Journal()
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

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
