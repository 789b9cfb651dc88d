namespace GitActors.Actors.Journal.Schema;

// The run lifecycle manifests as stored: queued, started, epochs, checkpoints, the outcomes and the retries.

public sealed record RunQueuedV1(string SweepId, string RunId, DateTimeOffset At);

public sealed record RunStartedV1(string SweepId, string RunId, int Attempt, long FencingToken, string Node, string Device, int ResumeFromEpoch, DateTimeOffset At);

public sealed record EpochCompletedV1(
    string SweepId, string RunId, int Attempt, long FencingToken,
    int Epoch, double TrainLoss, double Lr, double BalancedAccuracy, double ImagesPerSecond,
    string CheckpointPath, string CheckpointSha256, DateTimeOffset At);

public sealed record CheckpointRejectedV1(string SweepId, string RunId, int Epoch, string CheckpointPath, string Reason, DateTimeOffset At);

public sealed record RunCompletedV1(string SweepId, string RunId, int Attempt, long FencingToken, RunResultV1 Result, DateTimeOffset At);

public sealed record RunFailedV1(string SweepId, string RunId, int Attempt, long FencingToken, string Reason, bool WillRetry, DateTimeOffset At);

public sealed record RunStalledV1(
    string SweepId, string RunId, int Attempt, long FencingToken,
    int LastEpoch, int LastStep, DateTimeOffset LastProgressAt, int ProgressReports, double TimeoutSeconds,
    string Reason, bool WillRetry, DateTimeOffset At);

public sealed record RunFaultedV1(string SweepId, string RunId, int Attempt, long FencingToken, string Reason, bool WillRetry, DateTimeOffset At);

public sealed record DependencyFailedV1(string SweepId, string RunId, string DependencyRunId, string Reason, DateTimeOffset At);

public sealed record RunRetryRequestedV1(string SweepId, string RunId, int PreviousFailures, string? PreviousError, DateTimeOffset At);
