namespace GitActors.Models.Experiments.Sweeps;

/// <summary>
/// How the engine runs a sweep's runs. Not part of any run id or the sweep id: changing these and relaunching
/// resumes the same sweep.
/// </summary>
public sealed record EngineSettings
{
    public int MaxAttempts { get; init; } = 3;
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// engine.stall-timeout: how long an attempt may go without reporting progress before it counts as stalled.
    /// Null ("auto") derives it from the attempt's own pace (see <see cref="ProgressDeadline"/>); a value is used as is,
    /// for every gap, the one before the first report included.
    /// </summary>
    public TimeSpan? StallTimeout { get; init; }

    /// <summary>engine.stall-timeout-min: the least an automatic stall timeout can be, whatever the pace.</summary>
    public TimeSpan StallTimeoutMin { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>engine.max-stalls: stalls are budgeted apart from max-attempts; the run fails for good at this many.</summary>
    public int MaxStalls { get; init; } = 3;

    /// <summary>
    /// engine.max-infra-retries: how many faults of the machine (disk full, permission denied, other I/O errors) a run is
    /// retried after; one more fails it for good. Apart from max-attempts, which counts only failures of the run itself.
    /// </summary>
    public int MaxInfrastructureRetries { get; init; } = 5;

    /// <summary>engine.infra-retry-backoff: the wait after a run's first fault of the machine, doubled for each one after.</summary>
    public TimeSpan InfraRetryBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public static EngineSettings Default { get; } = new();
}
