using GitActors.Host.Bench;
using GitActors.Models.Torch;
using Spectre.Console;

namespace GitActors.Host.Commands.Bench;

/// <summary>`gitactors bench loader`: batches/s the data-loader actor makes against what the trainer consumes.</summary>
internal static class LoaderBenchCommand
{
    public static Command Create()
    {
        var threads = new Option<int>("--threads") { Description = "Torch threads for the trainer side", DefaultValueFactory = _ => Environment.ProcessorCount };
        var batches = new Option<int>("--batches") { Description = "Batches the loader actor delivers", DefaultValueFactory = _ => 200 };
        var steps = new Option<int>("--steps") { Description = "Timed training steps", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json");
        var command = new Command("loader", "Batches/s the data-loader actor produces vs batches/s the trainer consumes (fmnist-bg-lt, batch 128)");
        foreach (var option in new Option[] { threads, batches, steps, json }) command.Options.Add(option);
        command.SetAction(async parse =>
        {
            Console.Error.WriteLine(TorchRuntime.PrepareCpu(parse.GetValue(threads)).Describe());
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
}
