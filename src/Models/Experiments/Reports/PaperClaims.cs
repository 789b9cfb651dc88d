using GitActors.Models;
using GitActors.Models.Experiments.Events;
using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Experiments.Sweeps;
using GitActors.Models.Metrics;
using GitActors.Models.Training;

namespace GitActors.Models.Experiments.Reports;

public enum ClaimVerdict { Holds, DoesNotHold, NotMeasured }

/// <summary>
/// One of the paper's claims checked on one dataset of a sweep: the statistic (per run, or per pair of runs that differ
/// only in what the claim is about), its mean with the standard error and the Student-t 95% interval, how many values
/// point the claimed way, and the verdict: holds when the interval lies wholly on the claimed side of zero, does not
/// hold otherwise, not measured when the sweep has fewer than two values for it.
/// </summary>
public sealed record ClaimCheck(
    string Id, string Claim, string Dataset, string Comparison, string Statistic,
    double Mean, double StandardError, double Lower, double Upper, int Count, int PointingTheClaimedWay,
    ClaimVerdict Verdict, IReadOnlyList<double> Values);

/// <summary>The claims checked on a sweep, and what GIT cost there against the same runs without it.</summary>
public sealed record ClaimsReport(string SweepId, string Name, IReadOnlyList<ClaimCheck> Checks, IReadOnlyList<GitCostCheck> Cost);

/// <summary>
/// The paper's qualitative claims (SPEC 9, paper sections 4-6) checked on a sweep's completed classifier runs. eKLD is
/// under the true nuisance T; "small classes" are the ceil(C/3) classes with the fewest training images. Pairs match
/// every config field but the one the claim is about, so they share data, ordering, seed, network and schedule.
/// </summary>
public static class PaperClaims
{
    public const string FallsWithClassSize = "a";
    public const string DrsLowersSmallClassEkld = "b";
    public const string GitLowersSmallClassEkld = "c";
    public const string GitRaisesBalancedAccuracy = "d";
    public const string GitRaisesSmallClassAccuracy = "d2";
    public const string CutoffBeatsAllClasses = "e";

    private const double Confidence = 0.95;

    public static ClaimsReport Build(string sweepId, IReadOnlyList<ISweepEvent> events)
    {
        var sweep = SweepProjection.Fold(sweepId, events);
        var runs = sweep.Runs
            .Where(r => r.State == RunState.Completed && r.Result is not null && r.Config is { } config && !config.IsJob())
            .Select(r => (Config: r.Config!, Result: r.Result!))
            .ToList();
        var checks = new List<ClaimCheck>();
        foreach (var dataset in runs.GroupBy(r => r.Config.Data.Dataset, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var all = dataset.ToList();
            checks.Add(Check(FallsWithClassSize, "eKLD falls as the training class grows", dataset.Key, "every run",
                "Spearman rho(class size, eKLD) per run", claimedPositive: false,
                all.Select(r => TrueEkld(r.Result) is { } e ? RankCorrelation.Spearman(r.Result.TrainClassCounts.Select(n => (double)n).ToArray(), e) : double.NaN)
                    .Where(double.IsFinite).ToList()));

            var plain = all.Where(r => r.Config.Augment.Kind == AugmentKind.None).ToList();
            foreach (var pairs in Pairs(plain.Where(r => r.Config.Rule == TrainRule.Drs), plain.Where(r => r.Config.Rule == TrainRule.None),
                         r => r.Config with { Rule = TrainRule.None }))
                checks.Add(Check(DrsLowersSmallClassEkld, "DRS lowers the small classes' eKLD", dataset.Key, pairs.Comparison,
                    "small-class eKLD with DRS minus without", claimedPositive: false,
                    pairs.Values.Select(p => SmallClassEkld(p.With) - SmallClassEkld(p.Without)).Where(double.IsFinite).ToList()));

            var git = all.Where(r => r.Config.Augment.Kind == AugmentKind.Git).ToList();
            foreach (var pairs in Pairs(git, plain, r => r.Config with { Augment = new AugmentSpec() }))
            {
                checks.Add(Check(GitLowersSmallClassEkld, "GIT lowers the small classes' eKLD", dataset.Key, pairs.Comparison,
                    "small-class eKLD with GIT minus without", claimedPositive: false,
                    pairs.Values.Select(p => SmallClassEkld(p.With) - SmallClassEkld(p.Without)).Where(double.IsFinite).ToList()));
                checks.Add(Check(GitRaisesBalancedAccuracy, "GIT raises balanced accuracy", dataset.Key, pairs.Comparison,
                    "balanced accuracy with GIT minus without", claimedPositive: true,
                    pairs.Values.Select(p => p.With.BalancedAccuracy - p.Without.BalancedAccuracy).ToList()));
                checks.Add(Check(GitRaisesSmallClassAccuracy, "GIT raises the small classes' accuracy", dataset.Key, pairs.Comparison,
                    "small-class accuracy with GIT minus without", claimedPositive: true,
                    pairs.Values.Select(p => SmallClassAccuracy(p.With) - SmallClassAccuracy(p.Without)).ToList()));
            }

            var capped = git.Where(r => r.Config.Augment.ClassSizeCutoff is not null);
            var uncapped = git.Where(r => r.Config.Augment.ClassSizeCutoff is null);
            foreach (var pairs in Pairs(capped, uncapped, r => r.Config with { Augment = r.Config.Augment with { ClassSizeCutoff = null } }))
                checks.Add(Check(CutoffBeatsAllClasses, "the class-size cutoff K beats augmenting every class", dataset.Key, pairs.Comparison,
                    "balanced accuracy with K minus with all classes", claimedPositive: true,
                    pairs.Values.Select(p => p.With.BalancedAccuracy - p.Without.BalancedAccuracy).ToList()));
            if (!capped.Any() || !uncapped.Any())
                checks.Add(Check(CutoffBeatsAllClasses, "the class-size cutoff K beats augmenting every class", dataset.Key,
                    "GIT with a cutoff vs GIT on all classes", "balanced accuracy with K minus with all classes", claimedPositive: true, []));
        }
        return new ClaimsReport(sweepId, sweep.Name, checks, GitCost.Build(sweepId, events));
    }

    /// <summary>Per-class eKLD under the true nuisance (the report that is not the learned model's), or null.</summary>
    public static double[]? TrueEkld(RunResult result) =>
        result.Ekld.FirstOrDefault(e => e.Transform != ClassifierEvaluation.LearnedTransformName)?.PerClassEkld;

    /// <summary>Label ids of the ceil(C/3) classes with the fewest training images (ties by label id).</summary>
    public static int[] SmallClasses(int[] trainClassCounts) =>
        Enumerable.Range(0, trainClassCounts.Length).OrderBy(c => trainClassCounts[c]).ThenBy(c => c)
            .Take((trainClassCounts.Length + 2) / 3).ToArray();

    public static double SmallClassEkld(RunResult result) =>
        TrueEkld(result) is { } ekld ? SmallClasses(result.TrainClassCounts).Average(c => ekld[c]) : double.NaN;

    public static double SmallClassAccuracy(RunResult result) =>
        SmallClasses(result.TrainClassCounts).Average(c => result.PerClassAccuracy[c]);

    private sealed record PairSet(string Comparison, IReadOnlyList<(RunResult With, RunResult Without)> Values);

    /// <summary>
    /// Runs of <paramref name="with"/> matched to the run of <paramref name="without"/> whose config equals theirs once
    /// <paramref name="strip"/> removes what the claim is about; grouped by the two methods' names.
    /// </summary>
    private static IEnumerable<PairSet> Pairs(
        IEnumerable<(RunConfig Config, RunResult Result)> with, IEnumerable<(RunConfig Config, RunResult Result)> without,
        Func<(RunConfig Config, RunResult Result), RunConfig> strip)
    {
        var baseline = without.ToDictionary(r => RunIdentity.CanonicalJson(r.Config), r => r, StringComparer.Ordinal);
        return with
            .Select(r => (Run: r, Match: baseline.TryGetValue(RunIdentity.CanonicalJson(strip(r)), out var m) ? m : default))
            .Where(p => p.Match.Result is not null)
            .GroupBy(p => $"{Method(p.Run.Config)} vs {Method(p.Match.Config)}", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PairSet(g.Key, g.Select(p => (p.Run.Result, p.Match.Result)).ToList()));
    }

    private static string Method(RunConfig config) => MethodRows.Key(config) switch
    {
        { Cutoff: { } k } key => $"{key.Method} K={k}",
        var key => key.Method,
    };

    private static ClaimCheck Check(string id, string claim, string dataset, string comparison, string statistic, bool claimedPositive,
        IReadOnlyList<double> values)
    {
        if (values.Count < 2)
            return new ClaimCheck(id, claim, dataset, comparison, statistic, values.Count == 1 ? values[0] : double.NaN, double.NaN,
                double.NaN, double.NaN, values.Count, values.Count(v => claimedPositive ? v > 0 : v < 0), ClaimVerdict.NotMeasured, values);
        var interval = Intervals.StudentTConfidence(values, Confidence);
        var holds = claimedPositive ? interval.Lower > 0 : interval.Upper < 0;
        return new ClaimCheck(id, claim, dataset, comparison, statistic, interval.Mean, interval.StandardError, interval.Lower,
            interval.Upper, values.Count, values.Count(v => claimedPositive ? v > 0 : v < 0),
            holds ? ClaimVerdict.Holds : ClaimVerdict.DoesNotHold, values);
    }
}
