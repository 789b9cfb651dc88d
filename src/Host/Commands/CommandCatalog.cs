using System.CommandLine;

namespace GitActors.Host.Commands;

/// <summary>Every top-level verb of the gitactors command line, one file each.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return InfoCommand.Create();
        yield return DataCommand.Create();
        yield return TrainCommand.Create();
        yield return MunitCommand.Create();
        yield return JournalCommand.Create();
        yield return SweepCommand.Create();
        yield return BenchCommand.Create();
        yield return ReportCommand.Create();
        yield return NodeCommand.Create();
        yield return DashboardCommand.Create();
    }
}
