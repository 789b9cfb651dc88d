namespace GitActors.Actors.Sweeps;

/// <summary>
/// How the engine runs a sweep's runs. Not part of any run id or the sweep id: changing these and relaunching
/// resumes the same sweep.
/// </summary>
public sealed record EngineSettings
{
    public int MaxAttempts { get; init; } = 3;
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(10);

    public static EngineSettings Default { get; } = new();
}
