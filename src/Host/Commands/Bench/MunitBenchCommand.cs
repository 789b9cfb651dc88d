using System.CommandLine;
using GitActors.Host.Bench;
using GitActors.Host.Output;
using Spectre.Console;
using TorchSharp;

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
                gitactorsIterationsPerSecond = BenchStatistics.Median(ours),
                pytorchIterationsPerSecond = peer ? BenchStatistics.Median(theirs) : (double?)null,
                ratio = peer ? BenchStatistics.Median(ours) / BenchStatistics.Median(theirs) : (double?)null,
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
}
