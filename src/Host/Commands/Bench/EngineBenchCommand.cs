using GitActors.Host.Bench;
using Spectre.Console;

namespace GitActors.Host.Commands.Bench;

/// <summary>`gitactors bench engine`: a one-run sweep through the actors against the bare ML-core loop.</summary>
internal static class EngineBenchCommand
{
    public static Command Create()
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
            var (b, e) = (BenchStatistics.Median(bare), BenchStatistics.Median(engine));
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
}
