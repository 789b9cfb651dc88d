using GitActors.Models.Training;

namespace GitActors.Host.Chaos;

/// <summary>
/// Compares a sweep's faulted journal with its reference journal, run by run: completions (exactly once, twice, never),
/// every metric of each completion and of each epoch (wall-clock figures aside), and epochs whose completion was
/// journalled more than once (work done again because a checkpoint or its event was lost).
/// </summary>
public static class ChaosComparison
{
    public static ChaosReport Compare(IReadOnlyList<ISweepEvent> reference, IReadOnlyList<ISweepEvent> faulted, ChaosRunFacts facts)
    {
        var expected = reference.OfType<RunCompleted>().GroupBy(c => c.RunId).ToDictionary(g => g.Key, g => g.Last());
        var completions = faulted.OfType<RunCompleted>().GroupBy(c => c.RunId).ToDictionary(g => g.Key, g => g.ToList());
        var mismatches = new List<string>();
        foreach (var (runId, want) in expected)
        {
            if (!completions.TryGetValue(runId, out var got)) continue;
            foreach (var completion in got)
                if (ResultDifference(want.Result, completion.Result) is { } difference)
                    mismatches.Add($"run {runId}: {difference}");
        }
        var referenceEpochs = reference.OfType<EpochCompleted>().GroupBy(e => (e.RunId, e.Epoch)).ToDictionary(g => g.Key, g => g.Last());
        var faultedEpochs = faulted.OfType<EpochCompleted>().GroupBy(e => (e.RunId, e.Epoch)).ToList();
        foreach (var group in faultedEpochs)
        {
            if (!referenceEpochs.TryGetValue(group.Key, out var want)) continue;
            foreach (var got in group)
                if (EpochDifference(want, got) is { } difference)
                    mismatches.Add($"run {group.Key.RunId} epoch {group.Key.Epoch}: {difference}");
        }
        foreach (var missing in referenceEpochs.Keys.Where(k => expected.ContainsKey(k.RunId) && completions.ContainsKey(k.RunId))
                     .Except(faultedEpochs.Select(g => g.Key)))
            mismatches.Add($"run {missing.RunId} epoch {missing.Epoch}: no EpochCompleted in the faulted journal");

        return new ChaosReport(
            facts.KillsRequested,
            facts.KillsDelivered,
            expected.Count,
            expected.Keys.Count(id => completions.TryGetValue(id, out var c) && c.Count == 1),
            completions.Where(c => c.Value.Count > 1).Select(c => c.Key).Order().ToList(),
            expected.Keys.Where(id => !completions.ContainsKey(id)).Order().ToList(),
            mismatches,
            faultedEpochs.Sum(g => g.Count() - 1),
            facts.Launches,
            facts.ReferenceSeconds,
            facts.FaultedSeconds);
    }

    /// <summary>The first metric of a run's result that differs, or null; training time is a wall-clock figure and not compared.</summary>
    public static string? ResultDifference(RunResult want, RunResult got)
    {
        if (!want.BalancedAccuracy.Equals(got.BalancedAccuracy)) return $"balanced accuracy {got.BalancedAccuracy:R} against {want.BalancedAccuracy:R}";
        if (!want.Top1.Equals(got.Top1)) return $"top-1 {got.Top1:R} against {want.Top1:R}";
        if (!want.Top5.Equals(got.Top5)) return $"top-5 {got.Top5:R} against {want.Top5:R}";
        if (!want.PerClassAccuracy.SequenceEqual(got.PerClassAccuracy)) return "per-class accuracy differs";
        if (!want.TrainClassCounts.SequenceEqual(got.TrainClassCounts)) return "train class counts differ";
        if (want.Epochs != got.Epochs) return $"{got.Epochs} epochs against {want.Epochs}";
        if (want.Ekld.Count != got.Ekld.Count) return $"{got.Ekld.Count} eKLD reports against {want.Ekld.Count}";
        foreach (var (w, g) in want.Ekld.Zip(got.Ekld))
        {
            if (w.Transform != g.Transform || !w.PerClassEkld.SequenceEqual(g.PerClassEkld) || !w.PerClassArgmaxAgreement.SequenceEqual(g.PerClassArgmaxAgreement))
                return $"eKLD under {w.Transform} differs";
        }
        return null;
    }

    /// <summary>The first metric of an epoch that differs, or null; images per second is a wall-clock figure.</summary>
    public static string? EpochDifference(EpochCompleted want, EpochCompleted got)
    {
        if (!want.TrainLoss.Equals(got.TrainLoss)) return $"train loss {got.TrainLoss:R} against {want.TrainLoss:R}";
        if (!want.Lr.Equals(got.Lr)) return $"lr {got.Lr:R} against {want.Lr:R}";
        if (!want.BalancedAccuracy.Equals(got.BalancedAccuracy)) return $"balanced accuracy {got.BalancedAccuracy:R} against {want.BalancedAccuracy:R}";
        return null;
    }
}

/// <summary>How the faulted run went: kills asked for and delivered, processes launched, and both runs' wall time.</summary>
public sealed record ChaosRunFacts(int KillsRequested, int KillsDelivered, int Launches, double ReferenceSeconds, double FaultedSeconds);
