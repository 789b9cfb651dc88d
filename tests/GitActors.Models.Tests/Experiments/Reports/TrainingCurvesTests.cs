using GitActors.Models.Experiments.Events;
using GitActors.Models.Experiments.Reports;
using static GitActors.Models.Tests.Experiments.Reports.ReportFixture;

namespace GitActors.Models.Tests.Experiments.Reports;

public class TrainingCurvesTests
{
    private static EpochCompleted Epoch(string run, long token, int epoch, double accuracy) =>
        new(Sweep, run, (int)token, token, epoch, 1.0, 0.1, accuracy, 100, "", "", At);

    [Fact]
    public void Each_completed_epoch_becomes_a_point_labelled_with_its_runs_method_and_dataset()
    {
        var sweep = new ReportFixture();
        sweep.Add(Config("k49-bg-lt", LossKind.Ldam, TrainRule.Drs, AugmentKind.Git, 1), Result(0.6));
        sweep.Add(Config("k49-bg-lt", LossKind.CrossEntropy, TrainRule.None, AugmentKind.None, 1), null);

        var curve = Assert.Single(TrainingCurves.Build(sweep.Summary(), sweep.Events()));

        Assert.Equal(("run0", "k49-bg-lt", "ldam+drs+git"), (curve.RunId, curve.Dataset, curve.Method));
        Assert.Equal([1, 2, 3], curve.Epochs.Select(e => e.Epoch));
        Assert.Equal([0.2, 0.4, 0.6], curve.Epochs.Select(e => e.BalancedAccuracy), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void A_resumed_attempt_replaces_the_epochs_after_its_checkpoint_and_stale_reports_are_ignored()
    {
        var plan = new SweepStarted(Sweep, "s", "", "", [new PlannedRun("r", "r", Config("d", LossKind.CrossEntropy, TrainRule.None, AugmentKind.None, 1))], At);
        ISweepEvent[] events =
        [
            plan,
            new RunStarted(Sweep, "r", 1, 1, "a", "cpu", 0, At),
            Epoch("r", 1, 1, 0.10), Epoch("r", 1, 2, 0.20), Epoch("r", 1, 3, 0.30),
            // Attempt 2 resumes from the epoch-2 checkpoint; attempt 1's epoch 3 is not part of the final model.
            new RunStarted(Sweep, "r", 2, 2, "b", "cpu", 2, At),
            Epoch("r", 1, 4, 0.99), // a late report from the superseded attempt
            Epoch("r", 2, 3, 0.35), Epoch("r", 2, 4, 0.45),
        ];

        var curve = Assert.Single(TrainingCurves.Build(SweepProjection.Fold(Sweep, events), events));

        Assert.Equal([(1, 0.10), (2, 0.20), (3, 0.35), (4, 0.45)], curve.Epochs.Select(e => (e.Epoch, e.BalancedAccuracy)));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
