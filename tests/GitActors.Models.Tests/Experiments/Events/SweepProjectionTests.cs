using GitActors.Models.Experiments.Events;
using GitActors.TestSupport;

namespace GitActors.Models.Tests.Experiments.Events;

public class SweepProjectionTests
{
    private const string Sweep = "s";
    private static readonly DateTimeOffset At = SampleEvents.At;

    private static SweepStarted Started() => new(Sweep, "demo", "f.conf", "", [
        new PlannedRun("a", "run a", SampleEvents.Config(1)),
        new PlannedRun("b", "run b", SampleEvents.Config(2)),
        new PlannedRun("c", "run c", SampleEvents.Config(3))], At);

    [Fact]
    public void Folding_a_sweep_tracks_each_runs_state_attempts_epochs_and_best_accuracy()
    {
        var result = SampleEvents.Result();
        ISweepEvent[] events =
        [
            Started(),
            new RunQueued(Sweep, "a", At), new RunQueued(Sweep, "b", At),
            new RunStarted(Sweep, "a", 1, 1, "n", "cpu", 1, At),
            new EpochCompleted(Sweep, "a", 1, 1, 1, 2.0, 0.1, 0.30, 100, "", "", At),
            new EpochCompleted(Sweep, "a", 1, 1, 2, 1.5, 0.1, 0.55, 100, "", "", At),
            new EpochCompleted(Sweep, "a", 1, 1, 3, 1.4, 0.1, 0.50, 100, "", "", At),
            new RunStarted(Sweep, "b", 1, 2, "n", "cpu", 1, At),
            new RunFailed(Sweep, "b", 1, 2, "nan loss", WillRetry: true, At),
            new RunStarted(Sweep, "b", 2, 3, "n", "cpu", 1, At),
            new RunFailed(Sweep, "b", 2, 3, "nan loss again", WillRetry: false, At),
            new RunCompleted(Sweep, "a", 1, 1, result, At),
        ];

        var summary = SweepProjection.Fold(Sweep, events);

        Assert.Equal("demo", summary.Name);
        Assert.Equal(["a", "b", "c"], summary.Runs.Select(r => r.RunId));
        var a = summary.RunsById["a"];
        Assert.Equal((RunState.Completed, 1, 12), (a.State, a.Attempts, a.LastEpoch));
        Assert.Equal(0.55, a.BestBalancedAccuracy);                      // epoch 2 beat the final 0.512...
        Assert.Same(result, a.Result);
        var b = summary.RunsById["b"];
        Assert.Equal((RunState.Failed, 2, "nan loss again"), (b.State, b.Attempts, b.LastError));
        Assert.Equal(RunState.Pending, summary.RunsById["c"].State);
        Assert.Equal((1, 1, 1), (summary.Count(RunState.Completed), summary.Count(RunState.Failed), summary.Count(RunState.Pending)));
        Assert.Null(summary.CompletedAt);
    }

    [Fact]
    public void A_fault_of_the_machine_shows_its_reason_and_the_run_as_queued_until_its_budget_ends_it()
    {
        var summary = SweepProjection.Fold(Sweep, [
            Started(),
            new RunStarted(Sweep, "a", 1, 5, "n", "cpu", 0, At),
            new RunFaulted(Sweep, "a", 1, 5, "IOException: No space left on device", WillRetry: true, At),
            new RunStarted(Sweep, "b", 1, 6, "n", "cpu", 0, At),
            new RunFaulted(Sweep, "b", 1, 6, "IOException: Input/output error", WillRetry: false, At),
            new RunFailed(Sweep, "b", 1, 6, "IOException: Input/output error; infrastructure fault 6, over engine.max-infra-retries = 5", WillRetry: false, At),
            new RunStarted(Sweep, "c", 2, 8, "n", "cpu", 0, At),
            new RunFaulted(Sweep, "c", 1, 7, "stale", WillRetry: true, At),
        ]);

        Assert.Equal((RunState.Queued, "IOException: No space left on device"), (summary.RunsById["a"].State, summary.RunsById["a"].LastError));
        Assert.Equal(RunState.Failed, summary.RunsById["b"].State);
        Assert.EndsWith("over engine.max-infra-retries = 5", summary.RunsById["b"].LastError);
        Assert.Equal((RunState.Running, null), (summary.RunsById["c"].State, summary.RunsById["c"].LastError));
    }

    [Fact]
    public void Reports_from_a_superseded_attempt_are_ignored()
    {
        var summary = SweepProjection.Fold(Sweep, [
            Started(),
            new RunStarted(Sweep, "a", 1, 5, "n", "cpu", 1, At),
            new RunStarted(Sweep, "a", 2, 6, "m", "cpu", 1, At),
            new EpochCompleted(Sweep, "a", 1, 5, 9, 1.0, 0.1, 0.99, 1, "", "", At),
            new RunFailed(Sweep, "a", 1, 5, "stale", WillRetry: false, At),
        ]);

        var a = summary.RunsById["a"];
        Assert.Equal((RunState.Running, 2, 0, null), (a.State, a.Attempts, a.LastEpoch, a.LastError));
        Assert.Null(a.BestBalancedAccuracy);
    }

    [Fact]
    public void A_relaunch_keeps_finished_runs_and_the_sweep_completes()
    {
        var summary = SweepProjection.Fold(Sweep, [
            Started(),
            new RunStarted(Sweep, "a", 1, 1, "n", "cpu", 1, At),
            new RunCompleted(Sweep, "a", 1, 1, SampleEvents.Result(), At),
            Started() with { At = At.AddHours(1) },
            new SweepCompleted(Sweep, 3, 0, At.AddHours(2)),
        ]);

        Assert.Equal(3, summary.RunOrder.Count);
        Assert.Equal(RunState.Completed, summary.RunsById["a"].State);
        Assert.Equal(At, summary.StartedAt);
        Assert.Equal(At.AddHours(2), summary.CompletedAt);
    }
}
