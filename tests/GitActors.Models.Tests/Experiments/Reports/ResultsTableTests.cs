using GitActors.Models.Experiments.Reports;
using static GitActors.Models.Tests.Experiments.Reports.ReportFixture;

namespace GitActors.Models.Tests.Experiments.Reports;

public class ResultsTableTests
{
    /// <summary>t_{0.975, 2} in closed form: for 2 degrees of freedom t_p = (2p-1) sqrt(2 / (1 - (2p-1)^2)).</summary>
    private static readonly double T975With2 = 0.95 * Math.Sqrt(2 / (1 - 0.95 * 0.95));

    [Fact]
    public void A_cell_is_the_mean_with_standard_error_and_t_interval_over_its_runs()
    {
        var sweep = new ReportFixture();
        var erm = (int seed) => Config("k49-bg-lt", LossKind.CrossEntropy, TrainRule.None, AugmentKind.None, seed);
        sweep.Add(erm(1), Result(0.40, top1: 0.60, ekld: [new("bg", [1.0, 3.0], [1, 1], 40, 100)]));
        sweep.Add(erm(2), Result(0.43, top1: 0.61, ekld: [new("bg", [2.0, 2.0], [1, 1], 40, 100)]));
        sweep.Add(erm(3), Result(0.49, top1: 0.65, ekld: [new("bg", [0.5, 0.5], [1, 1], 40, 100)]));

        var cell = Assert.Single(Assert.Single(ResultsTable.Build(sweep.Summary()).Rows).Cells)!;

        // By hand: mean 0.44, deviations -0.04, -0.01, 0.05; s^2 = 0.0042 / 2; SE = sqrt(0.0021 / 3).
        var se = Math.Sqrt(0.0021 / 3);
        var accuracy = cell.BalancedAccuracy!;
        Assert.Equal(0.44, accuracy.Mean, 12);
        Assert.Equal(se, accuracy.StandardError, 12);
        Assert.Equal(0.44 - T975With2 * se, accuracy.Lower, 9);
        Assert.Equal(0.44 + T975With2 * se, accuracy.Upper, 9);
        Assert.Equal(3, accuracy.Count);
        Assert.Equal(0.62, cell.Top1!.Mean, 12);
        // Mean eKLD per run: 2.0, 2.0, 0.5 -> mean 1.5; deviations 0.5, 0.5, -1 -> s^2 = 1.5 / 2, SE = sqrt(0.75 / 3) = 0.5.
        Assert.Equal(1.5, cell.MeanEkld!.Mean, 12);
        Assert.Equal(0.5, cell.MeanEkld.StandardError, 12);
        Assert.Equal((3, 3, 0, 3, 1), (cell.Planned, cell.Completed, cell.Failed, cell.Seeds, cell.Orderings));
    }

    [Fact]
    public void Rows_are_paper_methods_and_columns_datasets_in_plan_order_pooling_seeds_and_orderings()
    {
        var sweep = new ReportFixture();
        foreach (var dataset in new[] { "k49-dil-lt", "k49-bg-lt" })
        {
            for (var ordering = 0; ordering < 2; ordering++)
            {
                sweep.Add(Config(dataset, LossKind.Ldam, TrainRule.Drs, AugmentKind.Git, seed: 10 + ordering, ordering), Result(0.6 + ordering / 10.0));
                sweep.Add(Config(dataset, LossKind.CrossEntropy, TrainRule.None, AugmentKind.None, seed: 10 + ordering, ordering), Result(0.4));
            }
        }
        sweep.Add(Config("k49-bg-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.None, seed: 1), Result(0.45));
        sweep.AddFailed(Config("k49-bg-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.None, seed: 2));

        var table = ResultsTable.Build(sweep.Summary());

        Assert.Equal(["k49-dil-lt", "k49-bg-lt"], table.Datasets);
        Assert.Equal(["ldam+drs+git", "erm", "ce+drs"], table.Rows.Select(r => r.Method));
        var git = table.Rows[0].Cells[1]!;
        Assert.Equal(("k49-bg-lt", 2, 2, 2), (git.Dataset, git.Completed, git.Seeds, git.Orderings));
        Assert.Equal(0.65, git.BalancedAccuracy!.Mean, 12);
        Assert.Equal(0.05, git.BalancedAccuracy.StandardError, 12);
        var drs = table.Rows[2];
        Assert.Null(drs.Cells[0]);
        Assert.Equal((2, 1, 1), (drs.Cells[1]!.Planned, drs.Cells[1]!.Completed, drs.Cells[1]!.Failed));
        // One completed run: a mean, but no spread.
        Assert.Equal(0.45, drs.Cells[1]!.BalancedAccuracy!.Mean, 12);
        Assert.True(double.IsNaN(drs.Cells[1]!.BalancedAccuracy!.StandardError));
        Assert.Null(drs.Cells[1]!.MeanEkld);
    }

    [Fact]
    public void Rows_name_the_cutoff_and_network_only_where_the_sweep_varies_them()
    {
        var sweep = new ReportFixture();
        sweep.Add(Config("gtsrb-lt", LossKind.Ldam, TrainRule.Drs, AugmentKind.Git, 1, cutoff: 25), Result(0.8));
        sweep.Add(Config("gtsrb-lt", LossKind.Ldam, TrainRule.Drs, AugmentKind.Git, 1, cutoff: null), Result(0.7));
        sweep.Add(Config("gtsrb-lt", LossKind.CrossEntropy, TrainRule.Drs, AugmentKind.None, 1, model: ModelKind.SimpleCnn), Result(0.6));

        var table = ResultsTable.Build(sweep.Summary());

        Assert.Equal(["ldam+drs+git K=25 [resnet20]", "ldam+drs+git (all classes) [resnet20]", "ce+drs [simplecnn]"], table.Rows.Select(r => r.Method));
        Assert.Equal([0.8, 0.7, 0.6], table.Rows.Select(r => r.Cells[0]!.BalancedAccuracy!.Mean));
    }
}
