using GitActors.Models.Experiments.Reports;
using static GitActors.Models.Tests.Experiments.Reports.ReportFixture;

namespace GitActors.Models.Tests.Experiments.Reports;

public class ClassSizeCurvesTests
{
    [Fact]
    public void Classes_are_matched_by_training_size_across_orderings_and_ordered_smallest_first()
    {
        // Two orderings: the same sizes {100, 10, 5, 5} land on different labels.
        var first = Result(0.5, counts: [100, 10, 5, 5], ekld: [new EkldReport("rot", [0.1, 0.4, 1.0, 2.0], [1, 1, 1, 1], 40, 100)]);
        var second = Result(0.5, counts: [5, 100, 5, 10], ekld: [new EkldReport("rot", [3.0, 0.3, double.NaN, 0.6], [1, 1, 1, 1], 40, 100)]);

        var points = ClassSizeCurves.Build([first, second], ClassSizeCurves.Ekld("rot"));

        Assert.Equal([5, 10, 100], points.Select(p => p.ClassSize));
        Assert.Equal([2, 1, 1], points.Select(p => p.Classes));
        // Size 5: run means 1.5 and 3.0 (the NaN class is skipped) -> mean 2.25, SE = |1.5 - 3.0| / 2 = 0.75.
        Assert.Equal(2.25, points[0].Value.Mean, 12);
        Assert.Equal(0.75, points[0].Value.StandardError, 12);
        // Two runs: t_{0.975,1} = tan(0.475 pi).
        var t = Math.Tan(0.475 * Math.PI);
        Assert.Equal(2.25 - t * 0.75, points[0].Value.Lower, 8);
        Assert.Equal(2.25 + t * 0.75, points[0].Value.Upper, 8);
        Assert.Equal(0.5, points[1].Value.Mean, 12);
        Assert.Equal(0.2, points[2].Value.Mean, 12);
        Assert.Equal(2, points[2].Value.Count);
    }

    [Fact]
    public void Runs_without_the_transform_are_left_out_and_mismatched_lengths_are_rejected()
    {
        var measured = Result(0.5, counts: [10, 5], ekld: [new EkldReport("bg", [1.0, 2.0], [1, 1], 40, 100)]);
        var other = Result(0.5, counts: [10, 5], ekld: [new EkldReport("dil", [9.0, 9.0], [1, 1], 40, 100)]);

        var points = ClassSizeCurves.Build([measured, other], ClassSizeCurves.Ekld("bg"));
        Assert.Equal([1, 1], points.Select(p => p.Value.Count));
        Assert.Equal([2.0, 1.0], points.Select(p => p.Value.Mean));

        var broken = Result(0.5, perClass: [0.1, 0.2, 0.3], counts: [10, 5]);
        var error = Assert.Throws<ArgumentException>(() => ClassSizeCurves.Build([broken], ClassSizeCurves.Accuracy));
        Assert.Contains("3 per-class values for 2 classes", error.Message);
    }

    [Fact]
    public void A_report_has_one_ekld_figure_per_dataset_and_transform_and_one_accuracy_figure_per_dataset()
    {
        var sweep = new ReportFixture();
        EkldReport[] ekld = [new("bg", [0.2, 1.0], [1, 1], 40, 100), new("rot", [0.4, 2.0], [1, 1], 40, 100)];
        sweep.Add(Config("k49-bg-lt", LossKind.CrossEntropy, TrainRule.None, AugmentKind.None, 1), Result(0.4, perClass: [0.9, 0.1], ekld: ekld));
        sweep.Add(Config("k49-bg-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.None, 1), Result(0.5, perClass: [0.8, 0.3], ekld: ekld));
        sweep.Add(Config("k49-dil-lt", LossKind.CrossEntropy, TrainRule.None, AugmentKind.None, 1), Result(0.3));
        sweep.AddFailed(Config("k49-dil-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.None, 1));

        var report = SweepReport.Build(Sweep, sweep.Events());

        Assert.Equal((4, 3, 1), (report.Runs, report.Completed, report.Failed));
        Assert.Equal([("k49-bg-lt", "bg"), ("k49-bg-lt", "rot")], report.Ekld.Select(f => (f.Dataset, f.Transform!)));
        Assert.Equal(["erm", "ce+drs"], report.Ekld[1].Series.Select(s => s.Method));
        Assert.Equal([2.0, 0.4], report.Ekld[1].Series[0].Points.Select(p => p.Value.Mean));
        Assert.Equal(["k49-bg-lt", "k49-dil-lt"], report.Accuracy.Select(f => f.Dataset));
        var cedrs = report.Accuracy[0].Series[1];
        Assert.Equal(("ce+drs", 1), (cedrs.Method, cedrs.Runs));
        Assert.Equal([(5, 0.3), (10, 0.8)], cedrs.Points.Select(p => (p.ClassSize, p.Value.Mean)));
        Assert.Equal(["erm"], report.Accuracy[1].Series.Select(s => s.Method));
    }
}
