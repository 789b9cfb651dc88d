namespace GitActors.Actors.Journal.Schema;

/// <summary>The run lifecycle events to and from their persisted form.</summary>
internal static class RunEventMapping
{
    public static RunQueuedV1 ToPersisted(RunQueued e) => new(e.SweepId, e.RunId, e.At);

    public static RunQueued ToDomain(RunQueuedV1 e) => new(e.SweepId, e.RunId, e.At);

    public static RunStartedV1 ToPersisted(RunStarted e) =>
        new(e.SweepId, e.RunId, e.Attempt, e.FencingToken, e.Node, e.Device, e.ResumeFromEpoch, e.At);

    public static RunStarted ToDomain(RunStartedV1 e) =>
        new(e.SweepId, e.RunId, e.Attempt, e.FencingToken, e.Node, e.Device, e.ResumeFromEpoch, e.At);

    public static EpochCompletedV1 ToPersisted(EpochCompleted e) => new(
        e.SweepId, e.RunId, e.Attempt, e.FencingToken, e.Epoch, e.TrainLoss, e.Lr, e.BalancedAccuracy, e.ImagesPerSecond,
        e.CheckpointPath, e.CheckpointSha256, e.At);

    public static EpochCompleted ToDomain(EpochCompletedV1 e) => new(
        e.SweepId, e.RunId, e.Attempt, e.FencingToken, e.Epoch, e.TrainLoss, e.Lr, e.BalancedAccuracy, e.ImagesPerSecond,
        e.CheckpointPath, e.CheckpointSha256, e.At);

    public static CheckpointRejectedV1 ToPersisted(CheckpointRejected e) => new(e.SweepId, e.RunId, e.Epoch, e.CheckpointPath, e.Reason, e.At);

    public static CheckpointRejected ToDomain(CheckpointRejectedV1 e) => new(e.SweepId, e.RunId, e.Epoch, e.CheckpointPath, e.Reason, e.At);

    public static RunCompletedV1 ToPersisted(RunCompleted e) =>
        new(e.SweepId, e.RunId, e.Attempt, e.FencingToken, RunResultMapping.ToPersisted(e.Result), e.At);

    public static RunCompleted ToDomain(RunCompletedV1 e) =>
        new(e.SweepId, e.RunId, e.Attempt, e.FencingToken, RunResultMapping.ToDomain(e.Result), e.At);

    public static RunFailedV1 ToPersisted(RunFailed e) => new(e.SweepId, e.RunId, e.Attempt, e.FencingToken, e.Reason, e.WillRetry, e.At);

    public static RunFailed ToDomain(RunFailedV1 e) => new(e.SweepId, e.RunId, e.Attempt, e.FencingToken, e.Reason, e.WillRetry, e.At);

    public static RunStalledV1 ToPersisted(RunStalled e) => new(
        e.SweepId, e.RunId, e.Attempt, e.FencingToken, e.LastEpoch, e.LastStep, e.LastProgressAt, e.ProgressReports, e.TimeoutSeconds,
        e.Reason, e.WillRetry, e.At);

    public static RunStalled ToDomain(RunStalledV1 e) => new(
        e.SweepId, e.RunId, e.Attempt, e.FencingToken, e.LastEpoch, e.LastStep, e.LastProgressAt, e.ProgressReports, e.TimeoutSeconds,
        e.Reason, e.WillRetry, e.At);

    public static RunFaultedV1 ToPersisted(RunFaulted e) => new(e.SweepId, e.RunId, e.Attempt, e.FencingToken, e.Reason, e.WillRetry, e.At);

    public static RunFaulted ToDomain(RunFaultedV1 e) => new(e.SweepId, e.RunId, e.Attempt, e.FencingToken, e.Reason, e.WillRetry, e.At);

    public static DependencyFailedV1 ToPersisted(DependencyFailed e) => new(e.SweepId, e.RunId, e.DependencyRunId, e.Reason, e.At);

    public static DependencyFailed ToDomain(DependencyFailedV1 e) => new(e.SweepId, e.RunId, e.DependencyRunId, e.Reason, e.At);

    public static RunRetryRequestedV1 ToPersisted(RunRetryRequested e) => new(e.SweepId, e.RunId, e.PreviousFailures, e.PreviousError, e.At);

    public static RunRetryRequested ToDomain(RunRetryRequestedV1 e) => new(e.SweepId, e.RunId, e.PreviousFailures, e.PreviousError, e.At);
}
