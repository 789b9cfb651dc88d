using GitActors.Models;
using GitActors.Models.Experiments.Faults;

namespace GitActors.FaultHost;

/// <summary>Which runs a fault point applies to: any, MUNIT jobs, GIT runs, or plain classifier runs.</summary>
internal enum RunFilter
{
    Any,
    Munit,
    Git,
    Plain,
}

/// <summary>
/// Holds the process the first time the engine reaches the named point (for a run the filter admits): prints
/// "fault-point: held at POINT run RUN" on stdout and blocks that thread until a line (or the end) arrives on stdin.
/// A test kills the process while it is held, or writes a line to let it go on. Later arrivals pass through.
///
/// POINT: step:E:S (before step S, 0-based, of epoch E), evaluation (a run's final evaluation), checkpoint:E (the
/// checkpoint of epoch E is on disk, its EpochCompleted not yet reported), generator-write (the MUNIT generator's bytes
/// are in the temporary file, not renamed into place), sweep-completing (the sweep's last run event is in the journal,
/// SweepCompleted is not).
/// </summary>
internal sealed class HoldingFaultPoints(string name, Func<FaultPoint, bool> matches, RunFilter filter, TextWriter stdout, TextReader stdin) : IFaultPoints
{
    public const string Marker = "fault-point: held at ";

    private int _fired;

    public static HoldingFaultPoints Parse(string point, RunFilter filter, TextWriter stdout, TextReader stdin) =>
        new(point, Matcher(point), filter, stdout, stdin);

    /// <summary>Whether an engine fault point is the one POINT names (shared with FailingFaultPoints).</summary>
    public static Func<FaultPoint, bool> Matcher(string point) => point.Split(':') switch
    {
        ["step", var e, var s] when int.TryParse(e, out var epoch) && int.TryParse(s, out var step) =>
            p => p is { Kind: FaultPointKind.BeforeStep } && p.Epoch == epoch && p.Step == step,
        ["evaluation"] => p => p.Kind == FaultPointKind.BeforeFinalEvaluation,
        ["checkpoint", var e] when int.TryParse(e, out var epoch) => p => p is { Kind: FaultPointKind.CheckpointWritten } && p.Epoch == epoch,
        ["generator-write"] => p => p.Kind == FaultPointKind.GeneratorWriting,
        ["sweep-completing"] => p => p.Kind == FaultPointKind.SweepCompleting,
        _ => throw new ArgumentException($"fault point {point}: expected step:E:S, evaluation, checkpoint:E, generator-write or sweep-completing"),
    };

    public void Reached(FaultPoint point)
    {
        if (!matches(point) || !Admits(filter, point.Run) || Interlocked.Exchange(ref _fired, 1) == 1) return;
        lock (stdout)
        {
            stdout.WriteLine($"{Marker}{name} run {point.RunId ?? "-"}");
            stdout.Flush();
        }
        stdin.ReadLine();
    }

    public static bool Admits(RunFilter filter, RunConfig? run) => filter switch
    {
        RunFilter.Any => true,
        RunFilter.Munit => run?.Munit is not null,
        RunFilter.Git => run is { Munit: null, Augment.Kind: AugmentKind.Git },
        RunFilter.Plain => run is { Munit: null } && run.Augment.Kind != AugmentKind.Git,
        _ => false,
    };
}
