using System.CommandLine;
using GitActors.Host.Bench;
using GitActors.Host.Output;
using GitActors.Models;
using GitActors.Models.Data.Datasets;
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
        command.Subcommands.Add(Engine());
        command.Subcommands.Add(Loader());
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

    private static Command Engine()
    {
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => Environment.ProcessorCount };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 2 };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Subsample the train set (default: all 7,437 images)" };
        var rounds = new Option<int>("--rounds") { Description = "Alternating bare / engine rounds; the median is reported", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json");
        var command = new Command("engine", "Training images/s of a one-run sweep through the actors vs the bare ML-core loop (fmnist-bg-lt, simplecnn)");
        foreach (var option in new Option[] { threads, epochs, trainLimit, rounds, json }) command.Options.Add(option);
        command.SetAction(async parse =>
        {
            var (t, r) = (parse.GetValue(threads), parse.GetValue(rounds));
            var config = EngineBench.Config(parse.GetValue(epochs), parse.GetValue(trainLimit));
            var cache = new DatasetCache();
            var data = cache.Get(config.Data);
            EngineBench.WarmUp(config, data, t);
            var (bare, engine) = (new List<double>(), new List<double>());
            for (var round = 0; round < r; round++)
            {
                bare.Add(EngineBench.BareImagesPerSecond(config, data, t));
                Console.Error.WriteLine($"round {round + 1}: bare loop {bare[^1]:F1} img/s");
                engine.Add(await EngineBench.EngineImagesPerSecond(config, cache, t));
                Console.Error.WriteLine($"round {round + 1}: engine    {engine[^1]:F1} img/s");
            }
            var (b, e) = (Median(bare), Median(engine));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(new { threads = t, epochs = config.Schedule.Epochs, trainImages = data.Train.Count, rounds = r, bareImagesPerSecond = b, engineImagesPerSecond = e, ratio = e / b });
                return 0;
            }
            var table = new Table().AddColumns("path", "train img/s");
            table.AddRow("bare ClassifierTraining.Run", $"{b:F1}");
            table.AddRow("one-run sweep (actors, SQLite journal, checkpoints)", $"{e:F1}");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"ratio engine / bare: [bold]{e / b:F3}[/] (target >= 0.97); {t} threads, {config.Schedule.Epochs} epochs of {data.Train.Count} images, median of {r} rounds");
            return 0;
        });
        return command;
    }

    private static Command Loader()
    {
        var threads = new Option<int>("--threads") { Description = "Torch threads for the trainer side", DefaultValueFactory = _ => Environment.ProcessorCount };
        var batches = new Option<int>("--batches") { Description = "Batches the loader actor delivers", DefaultValueFactory = _ => 200 };
        var steps = new Option<int>("--steps") { Description = "Timed training steps", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json");
        var command = new Command("loader", "Batches/s the data-loader actor produces vs batches/s the trainer consumes (fmnist-bg-lt, batch 128)");
        foreach (var option in new Option[] { threads, batches, steps, json }) command.Options.Add(option);
        command.SetAction(async parse =>
        {
            torch.set_num_threads(parse.GetValue(threads));
            var cache = new DatasetCache();
            var rows = new List<(string Model, double Produced, double Consumed)>();
            foreach (var model in new[] { ModelKind.SimpleCnn, ModelKind.ResNet20 })
            {
                var config = LoaderBench.Config(model);
                var data = cache.Get(config.Data);
                var produced = await LoaderBench.ProducedPerSecond(config, data, parse.GetValue(batches), prefetch: 4);
                var consumed = LoaderBench.ConsumedPerSecond(config, data, warmup: 3, parse.GetValue(steps));
                Console.Error.WriteLine($"{ConfigNames.Name(model)}: loader {produced:F1} batches/s, trainer {consumed:F2} batches/s");
                rows.Add((ConfigNames.Name(model), produced, consumed));
            }
            if (parse.GetValue(json))
            {
                JsonOutput.Write(rows.Select(x => new { model = x.Model, loaderBatchesPerSecond = x.Produced, trainerBatchesPerSecond = x.Consumed, headroom = x.Produced / x.Consumed }));
                return 0;
            }
            var table = new Table().AddColumns("model", "loader batches/s", "trainer batches/s", "headroom");
            foreach (var x in rows) table.AddRow(x.Model, $"{x.Produced:F1}", $"{x.Consumed:F2}", $"{x.Produced / x.Consumed:F1}x");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"target headroom >= 3x; batch 128, {parse.GetValue(threads)} torch threads on the trainer side, loader on its dispatcher");
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
