namespace GitActors.Host.Commands;

/// <summary>Every top-level verb of the gitactors command line, one file each; the verbs that train announce fault points to <paramref name="faults"/> (a test seam).</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All(IFaultPoints faults)
    {
        yield return InfoCommand.Create();
        yield return DataCommand.Create();
        yield return TrainCommand.Create();
        yield return MunitCommand.Create();
        yield return JournalCommand.Create();
        yield return SweepCommand.Create(faults);
        yield return BenchCommand.Create();
        yield return ReportCommand.Create();
        yield return NodeCommand.Create(faults);
        yield return DashboardCommand.Create();
        yield return ChaosCommand.Create();
    }
}
