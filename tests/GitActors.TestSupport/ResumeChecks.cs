namespace GitActors.TestSupport;

/// <summary>
/// Where each attempt really started: a run retrained from scratch ends with the same metrics (training is
/// deterministic), so only the epochs an attempt records show whether it resumed from its checkpoint.
/// </summary>
public static class ResumeChecks
{
    /// <summary>
    /// Every attempt's first recorded epoch (or MUNIT block) is the one after the newest checkpoint it was given and did
    /// not reject, and its epochs follow one another from there.
    /// </summary>
    public static void EveryAttemptStartsAfterItsCheckpoint(IReadOnlyList<ISweepEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is not RunStarted start) continue;
            var later = events.Skip(i + 1).OfType<IRunEvent>().Where(e => e.RunId == start.RunId).ToList();
            var epochs = later.OfType<EpochCompleted>().Where(e => e.FencingToken == start.FencingToken).Select(e => e.Epoch).ToList();
            if (epochs.Count == 0) continue;   // stopped before its first epoch
            var rejected = later.OfType<CheckpointRejected>().Select(r => r.Epoch).ToHashSet();
            var trusted = start.ResumeFromEpoch;
            while (trusted > 0 && rejected.Contains(trusted)) trusted--;
            Assert.True(epochs[0] == trusted + 1,
                $"attempt {start.Attempt} of run {start.RunId} (resume after epoch {start.ResumeFromEpoch}) recorded epoch {epochs[0]} first, not {trusted + 1}");
            Assert.Equal(Enumerable.Range(epochs[0], epochs.Count), epochs);
        }
    }
}
