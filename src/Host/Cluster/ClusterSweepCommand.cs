using System.CommandLine;
using GitActors.Actors.Cluster;
using GitActors.Actors.Sweeps;

namespace GitActors.Host.Cluster;

/// <summary>
/// The `--cluster SEED` path of `gitactors sweep run`: expand the spec here, submit it to the cluster's coordinator,
/// print progress until it finishes. Exposed as `gitactors cluster run SPEC --cluster SEED` until the sweep verb
/// (another branch) calls RunAsync for its --cluster option.
/// </summary>
internal static class ClusterSweepCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "Sweep file (HOCON)" };
        var seeds = new Option<string[]>("--cluster") { Description = "Seed node address akka.tcp://gitactors@HOST:PORT (repeatable)", Required = true, AllowMultipleArgumentsPerToken = true };
        var host = new Option<string>("--host") { Description = "Address this client binds", DefaultValueFactory = _ => "127.0.0.1" };
        var run = new Command("run", "Submit a sweep to a running cluster and follow it to the end");
        run.Arguments.Add(spec);
        run.Options.Add(seeds);
        run.Options.Add(host);
        run.SetAction(async (parse, cancel) =>
            await RunAsync(parse.GetValue(spec)!, parse.GetValue(seeds)!, parse.GetValue(host)!, cancel));
        var command = new Command("cluster", "Sweeps on an Akka.Cluster of `gitactors node` members");
        command.Subcommands.Add(run);
        return command;
    }

    public static async Task<int> RunAsync(string specPath, IReadOnlyList<string> seeds, string host, CancellationToken cancel)
    {
        var text = File.ReadAllText(specPath);
        var plan = SweepSpec.Parse(text, specPath).Expand();
        Console.WriteLine($"sweep {plan.SweepId} ({plan.Runs.Count} runs) -> cluster via {string.Join(", ", seeds)}");
        var last = "";
        var progress = new Progress<SweepProgress>(p =>
        {
            var line = $"{p.Completed}/{p.Total} completed, {p.Running} running, {p.Queued} queued, {p.Failed} failed";
            if (line == last) return;
            last = line;
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}");
        });
        var status = await ClusterSweepClient.RunAsync(ClusterSettings.Client(seeds, host), plan, Path.GetFullPath(specPath), text, progress,
            cancellationToken: cancel);
        Console.WriteLine($"sweep {status.SweepId} finished: {status.Count(RunPhase.Completed)} completed, {status.Count(RunPhase.Failed)} failed");
        return status.Count(RunPhase.Failed) == 0 ? 0 : 1;
    }
}
