using GitActors.Host.Bench;
using Spectre.Console;

namespace GitActors.Host.Commands.Bench;

/// <summary>`gitactors bench cluster`: one 6-run sweep on 1, 2 and 3 local node processes; wall time, speed-up, scheduling overhead.</summary>
internal static class ClusterBenchCommand
{
    public static Command Create()
    {
        var nodes = new Option<int[]>("--nodes") { Description = "Cluster sizes to measure", DefaultValueFactory = _ => [1, 2, 3], AllowMultipleArgumentsPerToken = true };
        var durable = new Option<bool>("--durable") { Description = "PostgreSQL with fsync on (default off: the journal's durability is not what is measured)" };
        var json = new Option<bool>("--json");
        var command = new Command("cluster", "The same 6-run sweep on 1, 2 and 3 local `gitactors node` processes (1 CPU slot x 1 thread each, PostgreSQL journal)");
        foreach (var option in new Option[] { nodes, durable, json }) command.Options.Add(option);
        command.SetAction(async (parse, cancel) =>
        {
            var sizes = parse.GetValue(nodes)!;
            if (sizes.Length == 0 || sizes.Any(n => n < 1)) throw new ArgumentException("--nodes takes cluster sizes of at least 1");
            using var postgres = LocalPostgres.Start(parse.GetValue(durable));
            var folder = Directory.CreateTempSubdirectory("gitactors-bench-cluster-").FullName;
            var results = new List<ClusterBenchResult>();
            try
            {
                foreach (var n in sizes)
                {
                    results.Add(await ClusterBench.MeasureAsync(postgres, folder, n, cancel));
                    var r = results[^1];
                    Console.Error.WriteLine($"{n} node(s): {r.WallSeconds:F1} s, scheduling {r.MeanSchedulingMs:F1} ms mean over {r.Gaps} assignments");
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
            var baseline = results.FirstOrDefault(r => r.Nodes == 1)?.WallSeconds;
            if (parse.GetValue(json))
            {
                JsonOutput.Write(new
                {
                    processors = Environment.ProcessorCount,
                    durable = parse.GetValue(durable),
                    sizes = results.Select(r => new
                    {
                        nodes = r.Nodes,
                        runs = r.Runs,
                        wallSeconds = r.WallSeconds,
                        speedUp = baseline / r.WallSeconds,
                        meanSchedulingMs = r.MeanSchedulingMs,
                        maxSchedulingMs = r.MaxSchedulingMs,
                        assignments = r.Gaps,
                    }),
                });
                return 0;
            }
            var table = new Table().AddColumns("nodes", "runs", "wall time", "speed-up vs 1 node", "scheduling overhead (mean)", "(max)");
            foreach (var r in results)
                table.AddRow($"{r.Nodes}", $"{r.Runs}", $"{r.WallSeconds:F1} s", baseline is { } b ? $"{b / r.WallSeconds:F2}x" : "-",
                    $"{r.MeanSchedulingMs:F1} ms", $"{r.MaxSchedulingMs:F1} ms");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{Environment.ProcessorCount} processors; each node 1 CPU slot x 1 thread; wall time from submission to the last run's completion");
            return 0;
        });
        return command;
    }
}
