using GitActors.Host.Bench;
using GitActors.Models.Torch;
using Spectre.Console;

namespace GitActors.Host.Commands.Bench;

/// <summary>
/// `gitactors bench train`: classifier training images/s against Debian's python3-torch, alternating rounds. The peer
/// runs twice per round: as installed (the target's reference) and with the glibc heap settings GitActors applies to
/// itself, so the share of the ratio that comes from those settings is visible.
/// </summary>
internal static class TrainBenchCommand
{
    public static Command Create()
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
            Console.Error.WriteLine(TorchRuntime.PrepareCpu(t).Describe());
            var models = new[] { ModelKind.SimpleCnn, ModelKind.ResNet20 };
            var peer = PythonPeer.Available(out var missing);
            var ours = models.ToDictionary(m => m, _ => new List<double>());
            var theirs = models.ToDictionary(m => m, _ => new List<double>());
            var theirsSameHeap = models.ToDictionary(m => m, _ => new List<double>());
            for (var round = 0; round < r; round++)
            {
                foreach (var model in models)
                {
                    ours[model].Add(TrainBench.ImagesPerSecond(model, b, w, s));
                    Console.Error.WriteLine($"round {round + 1}: gitactors            {ConfigNames.Name(model)} {ours[model][^1]:F1} img/s");
                }
                if (!peer) continue;
                foreach (var (heap, figures) in PythonPeer.HeapModes.Zip([theirs, theirsSameHeap]))
                {
                    var result = PythonPeer.RunJson("train_peer.py",
                        [t.ToString(), b.ToString(), s.ToString(), w.ToString(), string.Join(",", models.Select(ConfigNames.Name)), heap],
                        TimeSpan.FromMinutes(10));
                    foreach (var model in models)
                    {
                        figures[model].Add((double)result["images_per_second"]![ConfigNames.Name(model)]!);
                        Console.Error.WriteLine($"round {round + 1}: pytorch {heap,-12} {ConfigNames.Name(model)} {figures[model][^1]:F1} img/s");
                    }
                }
            }
            var rows = models.Select(m =>
            {
                var gitactors = BenchStatistics.Median(ours[m]);
                double? pytorch = peer ? BenchStatistics.Median(theirs[m]) : null;
                double? pytorchSameHeap = peer ? BenchStatistics.Median(theirsSameHeap[m]) : null;
                return new
                {
                    model = ConfigNames.Name(m),
                    gitactorsImagesPerSecond = gitactors,
                    pytorchImagesPerSecond = pytorch,
                    ratio = gitactors / pytorch,
                    pytorchSameHeapImagesPerSecond = pytorchSameHeap,
                    ratioSameHeap = gitactors / pytorchSameHeap,
                };
            }).ToList();
            if (parse.GetValue(json)) { JsonOutput.Write(new { threads = t, batch = b, steps = s, rounds = r, results = rows }); return 0; }
            if (!peer) AnsiConsole.MarkupLine($"[yellow]PyTorch peer unavailable: {Markup.Escape(missing)}[/]");
            var table = new Table().AddColumns("model", "GitActors img/s", "PyTorch img/s", "ratio", "PyTorch, same heap settings", "ratio");
            foreach (var row in rows)
                table.AddRow(row.model, $"{row.gitactorsImagesPerSecond:F1}", BenchFormat.Figure(row.pytorchImagesPerSecond, "F1"), BenchFormat.Ratio(row.ratio),
                    BenchFormat.Figure(row.pytorchSameHeapImagesPerSecond, "F1"), BenchFormat.Ratio(row.ratioSameHeap));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{t} threads, batch {b}, {s} timed steps after {w} warm-up, median of {r} alternating rounds");
            return 0;
        });
        return command;
    }
}
