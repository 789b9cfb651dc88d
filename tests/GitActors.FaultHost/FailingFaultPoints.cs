using GitActors.Models.Experiments.Faults;

namespace GitActors.FaultHost;

/// <summary>
/// Makes a run fail the first time the engine reaches the named point (for a run the filter admits): the trainer's
/// thread gets an exception there, as from a model or data error, and reports the attempt as failed. Later arrivals
/// pass through. A test uses it for a run that fails for good, then runs the sweep again without it (the cause fixed).
/// </summary>
internal sealed class FailingFaultPoints(string name, Func<FaultPoint, bool> matches, RunFilter filter) : IFaultPoints
{
    private int _fired;

    public static FailingFaultPoints Parse(string point, RunFilter filter) => new(point, HoldingFaultPoints.Matcher(point), filter);

    public void Reached(FaultPoint point)
    {
        if (!matches(point) || !HoldingFaultPoints.Admits(filter, point.Run) || Interlocked.Exchange(ref _fired, 1) == 1) return;
        throw new InvalidOperationException($"injected failure at {name}");
    }
}
