using GitActors.Models;
using GitActors.Models.Experiments.Events;
using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Experiments.Sweeps;

namespace GitActors.Models.Experiments.Reports;

/// <summary>
/// What GIT cost on one dataset of a sweep, in wall-clock training time from the journal: each GIT run against the
/// same run without GIT (paired like the claims), with the shared jobs spread over the GIT runs that share them: the
/// bank job whose augmentation bank they read (git.bank-styles), and the MUNIT job whose generator they use.
/// Ratio = GIT seconds / plain seconds over the pairs; AmortisedRatio adds to each GIT run its part of the bank job (the
/// cost of GIT itself, amortised over the sweep); RatioWithMunitShare adds its part of the MUNIT job as well.
/// </summary>
public sealed record GitCostCheck(
    string Dataset, string Comparison, int Pairs, double PlainSeconds, double GitSeconds, double MunitSeconds, int GitRunsSharingGenerator,
    double Ratio, double AmortisedRatio, double RatioWithMunitShare, IReadOnlyList<double> AmortisedRatios, double BankSeconds = 0,
    int GitRunsSharingBank = 0);

public static class GitCost
{
    public static IReadOnlyList<GitCostCheck> Build(string sweepId, IReadOnlyList<ISweepEvent> events)
    {
        var plan = events.OfType<SweepStarted>().FirstOrDefault(s => s.SweepId == sweepId)?.Runs ?? [];
        var seconds = TrainingSeconds(events);
        var completed = events.OfType<RunCompleted>().Select(c => c.RunId).ToHashSet(StringComparer.Ordinal);
        var done = plan.Where(r => completed.Contains(r.RunId) && seconds.ContainsKey(r.RunId)).ToList();
        var checks = new List<GitCostCheck>();
        foreach (var dataset in done.Where(r => !r.Config.IsJob()).GroupBy(r => r.Config.Data.Dataset, StringComparer.Ordinal)
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var git = dataset.Where(r => r.Config.Augment.Kind == AugmentKind.Git).ToList();
            var plain = dataset.Where(r => r.Config.Augment.Kind == AugmentKind.None)
                .ToDictionary(r => RunIdentity.CanonicalJson(r.Config), StringComparer.Ordinal);
            // Every GIT run of the sweep that shares a generator carries a share of its MUNIT job, paired or not.
            var sharing = plan.Where(r => r.Config.Augment.Kind == AugmentKind.Git && r.MunitJob is not null)
                .GroupBy(r => r.MunitJob!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var bankSharing = plan.Where(r => r.NeedsBank()).GroupBy(r => r.BankJob!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            double MunitShare(PlannedRun run) =>
                run.MunitJob is { } job && seconds.TryGetValue(job, out var s) && sharing.TryGetValue(job, out var n) ? s / n : 0;
            double BankShare(PlannedRun run) =>
                run.BankJob is { } bank && seconds.TryGetValue(bank, out var b) && bankSharing.TryGetValue(bank, out var n) ? b / n : 0;

            var pairs = git
                .Select(r => (Git: r, Plain: plain.GetValueOrDefault(RunIdentity.CanonicalJson(r.Config with { Augment = new AugmentSpec() }))))
                .Where(p => p.Plain is not null)
                .ToList();
            foreach (var comparison in pairs.GroupBy(p => $"{MethodRows.Key(p.Git.Config).Method} vs {MethodRows.Key(p.Plain!.Config).Method}", StringComparer.Ordinal)
                         .OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var list = comparison.ToList();
                var jobs = list.Select(p => p.Git.MunitJob).OfType<string>().Distinct().ToList();
                var banks = list.Select(p => p.Git.BankJob).OfType<string>().Distinct().ToList();
                checks.Add(new GitCostCheck(
                    dataset.Key, comparison.Key, list.Count,
                    PlainSeconds: list.Average(p => seconds[p.Plain!.RunId]),
                    GitSeconds: list.Average(p => seconds[p.Git.RunId]),
                    MunitSeconds: jobs.Sum(j => seconds.GetValueOrDefault(j)),
                    GitRunsSharingGenerator: jobs.Sum(j => sharing.GetValueOrDefault(j)),
                    Ratio: list.Sum(p => seconds[p.Git.RunId]) / list.Sum(p => seconds[p.Plain!.RunId]),
                    AmortisedRatio: list.Sum(p => seconds[p.Git.RunId] + BankShare(p.Git)) / list.Sum(p => seconds[p.Plain!.RunId]),
                    RatioWithMunitShare: list.Sum(p => seconds[p.Git.RunId] + BankShare(p.Git) + MunitShare(p.Git)) / list.Sum(p => seconds[p.Plain!.RunId]),
                    AmortisedRatios: list.Select(p => (seconds[p.Git.RunId] + BankShare(p.Git)) / seconds[p.Plain!.RunId]).ToList(),
                    BankSeconds: banks.Sum(b => seconds.GetValueOrDefault(b)),
                    GitRunsSharingBank: banks.Sum(b => bankSharing.GetValueOrDefault(b))));
            }
        }
        return checks;
    }

    /// <summary>
    /// Seconds each run trained: per attempt, from its RunStarted to the attempt's last journalled event, summed over
    /// attempts, so time a stopped or crashed sweep sat idle does not count.
    /// </summary>
    public static IReadOnlyDictionary<string, double> TrainingSeconds(IEnumerable<ISweepEvent> events)
    {
        var attempts = new Dictionary<(string RunId, long Token), (DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var e in events)
        {
            (string RunId, long Token, DateTimeOffset At)? mark = e switch
            {
                RunStarted s => (s.RunId, s.FencingToken, s.At),
                EpochCompleted c => (c.RunId, c.FencingToken, c.At),
                RunCompleted c => (c.RunId, c.FencingToken, c.At),
                RunFailed f => (f.RunId, f.FencingToken, f.At),
                RunFaulted f => (f.RunId, f.FencingToken, f.At),   // it trained until the fault
                RunStalled s => (s.RunId, s.FencingToken, s.LastProgressAt),   // it trained until its last progress
                _ => null,
            };
            if (mark is not { } m) continue;
            var key = (m.RunId, m.Token);
            if (e is RunStarted) attempts[key] = (m.At, m.At);
            else if (attempts.TryGetValue(key, out var span) && m.At > span.End) attempts[key] = (span.Start, m.At);
        }
        return attempts.GroupBy(a => a.Key.RunId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(a => (a.Value.End - a.Value.Start).TotalSeconds), StringComparer.Ordinal);
    }
}
