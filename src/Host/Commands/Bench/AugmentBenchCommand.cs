using System.CommandLine;
using GitActors.Host.Bench;
using GitActors.Host.Output;
using GitActors.Models;
using Spectre.Console;
using TorchSharp;

namespace GitActors.Host.Commands.Bench;

/// <summary>`gitactors bench augment`: augmenter pool images/s against what a GIT trainer consumes with p = 0.5.</summary>
internal static class AugmentBenchCommand
{
    public static Command Create()
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
}
