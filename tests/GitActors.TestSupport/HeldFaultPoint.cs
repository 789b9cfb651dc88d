using GitActors.Actors.Sweeps;
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

    /// <summary>
    /// Stops a launch here: waits until the engine is held (failing with the launch's state if it ends first), then until
    /// <paramref name="recorded"/> holds for the sweep's journalled events (what the resume will read), cancels the
    /// launch and lets the held thread go, and awaits the cancellation.
    /// </summary>
    public async Task StopLaunchAsync(Task<SweepStatus> running, CancellationTokenSource cancel, string journalFile, string sweepId,
        Func<IReadOnlyList<ISweepEvent>, bool> recorded, string where, TimeSpan timeout)
    {
        var reached = Task.Run(() => Reached.Wait(timeout));
        if (await Task.WhenAny(reached, running) == running)
        {
            var ended = await running;                          // rethrows a launch that failed
            throw new InvalidOperationException($"the launch ended before {where}: {ended.Runs[0].Phase}, {ended.Runs[0].LastError}");
        }
        if (!await reached) throw new TimeoutException($"the engine did not reach {where} within {timeout}");
        await JournalProbe.WaitForAsync(journalFile, sweepId, recorded, $"what the resume reads, while held at {where}", TimeSpan.FromMinutes(1),
            writerEnded: () => running.IsCompleted ? "the launch ended" : null);
        await cancel.CancelAsync();
        Release.Set();
        try { await running; }
        catch (OperationCanceledException) { return; }
        throw new InvalidOperationException("the cancelled launch ran to its end");
    }

    /// <summary>Lets a held thread go on, so a test that fails while holding it does not leave the engine blocked.</summary>
    public void Dispose() => Release.Set();
}
