using GitActors.Models;
using GitActors.Models.Training;

namespace GitActors.Host.Tests.Reports;

/// <summary>The journal events of a small finished sweep, made by hand (no training).</summary>
internal static class SyntheticSweep
{
    public const string Id = "plot-sweep";
    private static readonly DateTimeOffset At = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Two methods x two orderings x two seeds on a 6-class long tail, with eKLD falling as classes grow.</summary>
    public static IReadOnlyList<ISweepEvent> Events()
    {
        int[] sizes = [1000, 300, 80, 20, 5, 5];
        var plan = new List<PlannedRun>();
        var events = new List<ISweepEvent>();
        long token = 0;
        foreach (var (loss, rule, augment, gain) in new[] { (LossKind.CrossEntropy, TrainRule.None, AugmentKind.None, 0.0), (LossKind.Ldam, TrainRule.Drs, AugmentKind.Git, 0.1) })
        {
            for (var ordering = 0; ordering < 2; ordering++)
                for (var seed = 1; seed <= 2; seed++)
                {
                    var runId = $"r{plan.Count}";
                    var config = new RunConfig(new DataSpec("k49-rot-lt", ordering), ModelKind.ResNet20, new LossSpec(loss), rule,
                        new AugmentSpec(augment), ScheduleSpec.K49 with { Epochs = 5 }, new EvalSpec(), seed);
                    plan.Add(new PlannedRun(runId, runId, config));
                    // Rotate sizes by ordering so labels differ; noise by seed so the CI has width.
                    var counts = Enumerable.Range(0, 6).Select(c => sizes[(c + ordering) % 6]).ToArray();
                    var noise = 0.03 * (seed - 1.5) + 0.01 * ordering;
                    var ekld = counts.Select(n => 2.0 / Math.Log10(n + 1) - 3 * gain + noise).ToArray();
                    var accuracy = counts.Select(n => Math.Min(1, 0.2 + 0.2 * Math.Log10(n) + gain + noise)).ToArray();
                    var result = new RunResult(accuracy.Average(), accuracy.Average() + 0.05, 0.95, accuracy, counts,
                        [new EkldReport("rot", ekld, Enumerable.Repeat(0.9, 6).ToArray(), 40, 100)], 5, 10);
                    token++;
                    events.Add(new RunStarted(Id, runId, 1, token, "node", "cpu", 0, At));
                    for (var epoch = 1; epoch <= 5; epoch++)
                        events.Add(new EpochCompleted(Id, runId, 1, token, epoch, 2.0 / epoch, 0.1, result.BalancedAccuracy * (1 - Math.Exp(-epoch)), 100, "", "", At));
                    events.Add(new RunCompleted(Id, runId, 1, token, result, At));
                }
        }
        return [new SweepStarted(Id, "plots", "", "", plan, At), .. events];
    }
}
