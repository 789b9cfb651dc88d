using GitActors.Host.Chaos;
using GitActors.Models.Training;

namespace GitActors.Host.Tests.Chaos;

public sealed class ChaosComparisonTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;
    private static readonly ChaosRunFacts Facts = new(KillsRequested: 4, KillsDelivered: 3, Launches: 5, ReferenceSeconds: 10, FaultedSeconds: 30);

    private static RunResult Result(double balanced, double seconds = 1) =>
        new(balanced, 0.6, 0.9, [0.5, 0.7], [10, 2], [new EkldReport("bg", [0.1, 0.2], [1, 0.5], 3, 5)], 2, seconds);

    private static EpochCompleted Epoch(string run, int epoch, double loss, long token = 1) =>
        new("s", run, 1, token, epoch, loss, 0.1, 0.5, 100, $"{run}-{epoch}.ckpt", "ab", At);

    private static RunCompleted Completed(string run, double balanced, long token = 1, double seconds = 1) =>
        new("s", run, 1, token, Result(balanced, seconds), At);

    private static List<ISweepEvent> Reference() =>
    [
        Epoch("a", 1, 0.9), Epoch("a", 2, 0.5), Completed("a", 0.70),
        Epoch("b", 1, 0.8), Epoch("b", 2, 0.4), Completed("b", 0.60),
        Epoch("c", 1, 0.7), Epoch("c", 2, 0.3), Completed("c", 0.50),
    ];

    [Fact]
    public void The_same_runs_and_metrics_pass_whatever_the_wall_clock_figures_and_fencing_tokens()
    {
        List<ISweepEvent> faulted =
        [
            Epoch("a", 1, 0.9, token: 2), Epoch("a", 2, 0.5, token: 2), Completed("a", 0.70, token: 2, seconds: 99),
            Epoch("b", 1, 0.8), Epoch("b", 2, 0.4), Completed("b", 0.60),
            Epoch("c", 1, 0.7), Epoch("c", 2, 0.3), Completed("c", 0.50),
        ];

        var report = ChaosComparison.Compare(Reference(), faulted, Facts);

        Assert.True(report.Passed);
        Assert.Equal((3, 3, 0), (report.Runs, report.CompletedExactlyOnce, report.EpochsCompletedTwice));
        Assert.Equal((4, 3, 5), (report.KillsRequested, report.KillsDelivered, report.Launches));
    }

    [Fact]
    public void A_run_completed_twice_a_lost_run_a_changed_metric_and_an_epoch_completed_twice_are_each_reported()
    {
        List<ISweepEvent> faulted =
        [
            Epoch("a", 1, 0.9), Epoch("a", 2, 0.5), Completed("a", 0.70), Completed("a", 0.70, token: 2),
            Epoch("b", 1, 0.8), Epoch("b", 1, 0.8, token: 2), Epoch("b", 2, 0.41), Completed("b", 0.61),
            Epoch("c", 1, 0.7),
        ];

        var report = ChaosComparison.Compare(Reference(), faulted, Facts);

        Assert.False(report.Passed);
        Assert.Equal(["a"], report.DuplicatedCompletions);
        Assert.Equal(["c"], report.LostRuns);
        Assert.Equal(1, report.CompletedExactlyOnce);                       // b only
        Assert.Equal(1, report.EpochsCompletedTwice);                       // b's epoch 1
        Assert.Equal(["run b: balanced accuracy 0.61 against 0.6", "run b epoch 2: train loss 0.41 against 0.4"], report.MetricMismatches);
    }

    [Fact]
    public void Every_compared_metric_of_a_result_is_checked_and_training_time_is_not()
    {
        var want = Result(0.7);
        Assert.Null(ChaosComparison.ResultDifference(want, want with { TrainSeconds = 5 }));
        Assert.NotNull(ChaosComparison.ResultDifference(want, want with { Top1 = 0.61 }));
        Assert.NotNull(ChaosComparison.ResultDifference(want, want with { Top5 = 0.91 }));
        Assert.NotNull(ChaosComparison.ResultDifference(want, want with { PerClassAccuracy = [0.5, 0.71] }));
        Assert.NotNull(ChaosComparison.ResultDifference(want, want with { Ekld = [new EkldReport("bg", [0.1, 0.21], [1, 0.5], 3, 5)] }));
        Assert.NotNull(ChaosComparison.ResultDifference(want, want with { Ekld = [new EkldReport("bg", [0.1, 0.2], [1, 0.4], 3, 5)] }));
        Assert.NotNull(ChaosComparison.ResultDifference(want, want with { Ekld = [] }));
        Assert.Null(ChaosComparison.ResultDifference(want with { BalancedAccuracy = double.NaN }, want with { BalancedAccuracy = double.NaN }));
    }
}
