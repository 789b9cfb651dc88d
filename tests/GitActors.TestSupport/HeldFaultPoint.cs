using GitActors.Models.Experiments.Faults;

namespace GitActors.TestSupport;

/// <summary>
/// An in-process fault point: the first time the engine reaches a matching point, the thread doing the work signals
/// <see cref="Reached"/> and waits until <see cref="Release"/> is set. A test stops a sweep there, at a known place,
/// instead of polling for files and racing the engine past them. Later arrivals pass through.
/// </summary>
public sealed class HeldFaultPoint(Func<FaultPoint, bool> matches) : IFaultPoints, IDisposable
{
    private int _fired;

    public ManualResetEventSlim Reached { get; } = new();

    public ManualResetEventSlim Release { get; } = new();

    /// <summary>Before step 0 of epoch (or MUNIT block) <paramref name="epoch"/> of run <paramref name="runId"/>.</summary>
    public static HeldFaultPoint BeforeEpoch(string runId, int epoch) =>
        new(p => p is { Kind: FaultPointKind.BeforeStep, Step: 0 } && p.RunId == runId && p.Epoch == epoch);

    void IFaultPoints.Reached(FaultPoint point)
    {
        if (!matches(point) || Interlocked.Exchange(ref _fired, 1) == 1) return;
        Reached.Set();
        Release.Wait();
    }

    /// <summary>Lets a held thread go on, so a test that fails while holding it does not leave the engine blocked.</summary>
    public void Dispose() => Release.Set();
}
