namespace GitActors.Host.Output;

/// <summary>One line per journal event, as `journal events` and the dashboard's run timeline show it.</summary>
internal static class EventText
{
    public static string Describe(ISweepEvent evt) => evt switch
    {
        SweepStarted e => $"{e.At:u} sweep {e.Name} started with {e.Runs.Count} runs",
        RunQueued e => $"{e.At:u} queued",
        RunStarted e => $"{e.At:u} attempt {e.Attempt} on {e.Node}/{e.Device}, from epoch {e.ResumeFromEpoch}",
        EpochCompleted e => $"{e.At:u} epoch {e.Epoch}: loss {e.TrainLoss:F4}, lr {e.Lr:G4}, bal. acc {e.BalancedAccuracy * 100:F2}%, {e.ImagesPerSecond:F0} img/s",
        CheckpointRejected e => $"{e.At:u} epoch {e.Epoch} checkpoint {e.CheckpointPath}: {e.Reason}",
        RunCompleted e => $"{e.At:u} bal. acc {e.Result.BalancedAccuracy * 100:F2}%, top1 {e.Result.Top1 * 100:F2}%, {e.Result.Epochs} epochs",
        RunFailed e => $"{e.At:u} attempt {e.Attempt}: {e.Reason}{(e.WillRetry ? " (will retry)" : "")}",
        RunFaulted e => $"{e.At:u} attempt {e.Attempt} infrastructure fault, not counted as a failure: {e.Reason}{(e.WillRetry ? " (will retry)" : "")}",
        RunStalled e => $"{e.At:u} attempt {e.Attempt} {e.Reason}{(e.WillRetry ? " (trainer replaced, re-queued)" : "")}",
        GeneratorRecorded e => $"{e.At:u} generator {e.Path} (SHA-256 {e.Sha256[..Math.Min(12, e.Sha256.Length)]})",
        BankRecorded e => $"{e.At:u} augmentation bank {e.Path} (SHA-256 {e.Sha256[..Math.Min(12, e.Sha256.Length)]})",
        DependencyFailed e => $"{e.At:u} cannot start: {e.Reason}",
        RunRetryRequested e => $"{e.At:u} retry requested after {e.PreviousFailures} failed attempt(s){(e.PreviousError is null ? "" : $" ({e.PreviousError})")}: fresh attempt budget",
        SweepCompleted e => $"{e.At:u} sweep completed: {e.Completed} completed, {e.Failed} failed",
        _ => EventJson.ToJson(evt),
    };
}
