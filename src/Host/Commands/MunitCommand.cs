using System.CommandLine;
using System.Diagnostics;
using GitActors.Models;
using GitActors.Models.Data.Datasets;
using GitActors.Models.Torch;
using GitActors.Models.Training.Munit;
using TorchSharp;

namespace GitActors.Host.Commands;

/// <summary>`gitactors munit train`: the learned nuisance model T~ for one data set variant and ordering, in this process.</summary>
internal static class MunitCommand
{
    public static Command Create()
    {
        var command = new Command("munit", "Train and sample MUNIT, the learned nuisance model T~(.|x) of GIT");
        command.Subcommands.Add(Train());
        return command;
    }

    private static Command Train()
    {
        var dataset = new Option<string>("--dataset") { DefaultValueFactory = _ => "fmnist-bg-lt" };
        var ordering = new Option<int>("--ordering") { DefaultValueFactory = _ => 0 };
        var dataFormat = new Option<string?>("--data-format");
        var dataPath = new Option<string?>("--data-path");
        var steps = new Option<int>("--steps") { Description = "Iterations (paper: 10,000 for K49, 140,000 for CIFAR/GTSRB)", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder for checkpoint.munit and generator.munit", DefaultValueFactory = _ => "gitactors-out/munit" };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Iterations between resumable checkpoints", DefaultValueFactory = _ => 500 };
        var threads = new Option<int?>("--threads");
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "auto" };
        var command = new Command("train", "Train MUNIT on a long-tailed train set (both domains), resuming from --out's checkpoint when present");
        foreach (var option in new Option[] { dataset, ordering, dataFormat, dataPath, steps, seed, output, checkpointEvery, threads, device }) command.Options.Add(option);
        command.SetAction((parse, cancel) =>
        {
            if (parse.GetValue(threads) is { } t) torch.set_num_threads(t);
            var data = DatasetCatalog.Load(new DataSpec(parse.GetValue(dataset)!, parse.GetValue(ordering), parse.GetValue(dataFormat), parse.GetValue(dataPath)));
            var folder = Directory.CreateDirectory(parse.GetValue(output)!).FullName;
            var checkpoint = Path.Combine(folder, "checkpoint.munit");
            var generator = Path.Combine(folder, "generator.munit");
            using var job = new MunitJob(data.Train, parse.GetValue(seed), TorchRuntime.Device(parse.GetValue(device)!));
            if (File.Exists(checkpoint))
            {
                job.LoadCheckpoint(checkpoint);
                Console.WriteLine($"resumed {checkpoint} at iteration {job.Iteration}");
            }
            var total = parse.GetValue(steps);
            var every = Math.Max(1, parse.GetValue(checkpointEvery));
            Console.WriteLine($"MUNIT on {data.Name} ordering {parse.GetValue(ordering)}: {data.Train.Count} images {data.Shape}, {total} iterations, {torch.get_num_threads()} threads");
            var clock = Stopwatch.StartNew();
            var startIteration = job.Iteration;
            var lastLine = TimeSpan.Zero;
            while (job.Iteration < total)
            {
                cancel.ThrowIfCancellationRequested();
                var losses = job.Step();
                var done = job.Iteration - startIteration;
                if (clock.Elapsed - lastLine > TimeSpan.FromSeconds(15) || job.Iteration == total)
                {
                    lastLine = clock.Elapsed;
                    var rate = done / clock.Elapsed.TotalSeconds;
                    Console.WriteLine($"iteration {job.Iteration}/{total}  {rate:F2} it/s  ETA {TimeSpan.FromSeconds((total - job.Iteration) / Math.Max(rate, 1e-9)):hh\\:mm\\:ss}  " +
                                      $"D {losses.DisTotal:F3}  G {losses.GenTotal:F3}  recon_x {(losses.ReconXA + losses.ReconXB) / 2:F3}");
                }
                if (job.Iteration % every == 0 || job.Iteration == total) Atomically(checkpoint, job.SaveCheckpoint);
            }
            Atomically(generator, job.SaveGenerator);
            Console.WriteLine($"generator: {generator}");
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>Writes through a temporary sibling and renames, so a kill never leaves a torn checkpoint.</summary>
    private static void Atomically(string path, Action<string> write)
    {
        var temporary = path + ".tmp";
        write(temporary);
        using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite)) stream.Flush(flushToDisk: true);
        File.Move(temporary, path, overwrite: true);
    }
}
