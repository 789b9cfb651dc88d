using GitActors.Host.Bench;
using GitActors.Models.Torch;
using Spectre.Console;

namespace GitActors.Host.Commands.Bench;

/// <summary>`gitactors bench munit`: MUNIT training iterations/s against the same step in Debian's python3-torch.</summary>
internal static class MunitBenchCommand
{
    public static Command Create()
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
            Console.Error.WriteLine(TorchRuntime.PrepareCpu(t).Describe());
            var peer = PythonPeer.Available(out var missing);
            var ours = new List<double>();
            var theirs = new List<double>();
            var theirsSameHeap = new List<double>();
            for (var round = 0; round < r; round++)
            {
                ours.Add(MunitBench.IterationsPerSecond(n, w, s));
                Console.Error.WriteLine($"round {round + 1}: gitactors            {ours[^1]:F3} it/s");
                if (!peer) continue;
                foreach (var (heap, figures) in PythonPeer.HeapModes.Zip([theirs, theirsSameHeap]))
                {
                    var result = PythonPeer.RunJson("munit_peer.py", [t.ToString(), n.ToString(), w.ToString(), s.ToString(), heap], TimeSpan.FromMinutes(10));
                    figures.Add((double)result["iterations_per_second"]!);
                    Console.Error.WriteLine($"round {round + 1}: pytorch {heap,-12} {figures[^1]:F3} it/s");
                }
            }
            var gitactors = BenchStatistics.Median(ours);
            double? pytorch = peer ? BenchStatistics.Median(theirs) : null;
            double? pytorchSameHeap = peer ? BenchStatistics.Median(theirsSameHeap) : null;
            var row = new
            {
                gitactorsIterationsPerSecond = gitactors,
                pytorchIterationsPerSecond = pytorch,
                ratio = gitactors / pytorch,
                pytorchSameHeapIterationsPerSecond = pytorchSameHeap,
                ratioSameHeap = gitactors / pytorchSameHeap,
            };
            if (parse.GetValue(json)) { JsonOutput.Write(new { threads = t, size = n, steps = s, rounds = r, result = row }); return 0; }
            if (!peer) AnsiConsole.MarkupLine($"[yellow]PyTorch peer unavailable: {Markup.Escape(missing)}[/]");
            var table = new Table().AddColumns("GitActors it/s", "PyTorch it/s", "ratio", "PyTorch, same heap settings", "ratio");
            table.AddRow($"{gitactors:F3}", BenchFormat.Figure(pytorch, "F3"), BenchFormat.Ratio(row.ratio),
                BenchFormat.Figure(pytorchSameHeap, "F3"), BenchFormat.Ratio(row.ratioSameHeap));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{t} threads, {n}x{n}, {s} timed iterations after {w} warm-up, median of {r} alternating rounds");
            return 0;
        });
        return command;
    }
}
