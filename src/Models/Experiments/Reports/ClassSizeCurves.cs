using GitActors.Models.Metrics;
using GitActors.Models.Training;

namespace GitActors.Models.Experiments.Reports;

/// <summary>A per-class metric at one training class size: Classes of that size per run, aggregated over Runs.</summary>
public sealed record ClassSizePoint(int ClassSize, int Classes, MeanInterval Value);

/// <summary>One method's curve of a per-class metric against training class size, smallest class first.</summary>
public sealed record ClassSizeSeries(string Method, int Runs, IReadOnlyList<ClassSizePoint> Points);

/// <summary>
/// One figure like the paper's Fig. 1/6 for one dataset: Metric is "ekld" (with its nuisance Transform) or "accuracy".
/// </summary>
public sealed record ClassSizeFigure(string Dataset, string Metric, string? Transform, IReadOnlyList<ClassSizeSeries> Series);

/// <summary>
/// Per-class metrics against training class size. Runs with different class orderings give different classes the
/// same size, so classes are matched by size, not by label: each run contributes, at each size, the mean over its
/// classes of that size, and the 95% t interval is taken over runs (the paper's "95% CIs over 30 classifiers").
/// NaN entries (a class with no held-out image) are skipped.
/// </summary>
public static class ClassSizeCurves
{
    public static IReadOnlyList<ClassSizePoint> Build(IEnumerable<RunResult> runs, Func<RunResult, double[]?> perClass)
    {
        var bySize = new SortedDictionary<int, (List<double> RunMeans, int Classes)>();
        foreach (var run in runs)
        {
            if (perClass(run) is not { } values) continue;
            if (values.Length != run.TrainClassCounts.Length)
                throw new ArgumentException($"a run reports {values.Length} per-class values for {run.TrainClassCounts.Length} classes");
            var classes = Enumerable.Range(0, values.Length).Where(c => !double.IsNaN(values[c]));
            foreach (var size in classes.GroupBy(c => run.TrainClassCounts[c]))
            {
                var entry = bySize.TryGetValue(size.Key, out var known) ? known : ([], 0);
                entry.RunMeans.Add(size.Average(c => values[c]));
                bySize[size.Key] = entry with { Classes = Math.Max(entry.Classes, size.Count()) };
            }
        }
        return bySize.Select(p => new ClassSizePoint(p.Key, p.Value.Classes, Intervals.StudentTConfidence(p.Value.RunMeans, 0.95))).ToList();
    }

    /// <summary>The eKLD of one nuisance transform by class; null if the run measured no such transform.</summary>
    public static Func<RunResult, double[]?> Ekld(string transform) =>
        run => run.Ekld.FirstOrDefault(r => r.Transform == transform)?.PerClassEkld;

    public static double[]? Accuracy(RunResult run) => run.PerClassAccuracy;
}
