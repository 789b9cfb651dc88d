using GitActors.Host.Commands.Bench;

namespace GitActors.Host.Commands;

/// <summary>`gitactors bench ...`: throughput measured side by side with a reference in one run, reported as ratios.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks, each measured side by side with its reference in one run");
        command.Subcommands.Add(TrainBenchCommand.Create());
        command.Subcommands.Add(JournalBenchCommand.Create());
        command.Subcommands.Add(EngineBenchCommand.Create());
        command.Subcommands.Add(LoaderBenchCommand.Create());
        command.Subcommands.Add(MunitBenchCommand.Create());
        command.Subcommands.Add(AugmentBenchCommand.Create());
        command.Subcommands.Add(ClusterBenchCommand.Create());
        return command;
    }
}
