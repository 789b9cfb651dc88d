namespace GitActors.Models.Experiments.Sweeps;

/// <summary>
/// When an attempt counts as stalled: the time of its last progress report plus a timeout. With engine.stall-timeout
/// "auto" the timeout is three times the slowest gap between two progress reports so far (a trainer reports after every
/// chunk, and the chunk that ends an epoch carries its evaluation and checkpoint), never under engine.stall-timeout-min,
/// and before the first report at least <see cref="FirstReportFloor"/> (data loading, model set-up and the first chunk
/// have no pace to go by yet). Pure: the supervisor feeds it the clock.
/// </summary>
public sealed record ProgressDeadline(DateTimeOffset StartedAt, DateTimeOffset LastAt, int Epoch, int Step, int Reports, TimeSpan SlowestGap)
{
    public const double PaceFactor = 3;

    public static readonly TimeSpan FirstReportFloor = TimeSpan.FromMinutes(10);

    public static ProgressDeadline Begin(DateTimeOffset now) => new(now, now, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A progress report of the current attempt arrived. The gap from assignment to the first report is set-up,
    /// not pace, so it does not count.</summary>
    public ProgressDeadline Observe(DateTimeOffset now, int epoch, int step)
    {
        var gap = now - LastAt;
        return this with
        {
            LastAt = now,
            Epoch = epoch,
            Step = step,
            Reports = Reports + 1,
            SlowestGap = Reports > 0 && gap > SlowestGap ? gap : SlowestGap,
        };
    }

    public TimeSpan Timeout(EngineSettings settings)
    {
        if (settings.StallTimeout is { } fixedTimeout) return fixedTimeout;
        var paced = SlowestGap * PaceFactor;
        var floor = Reports == 0 && FirstReportFloor > settings.StallTimeoutMin ? FirstReportFloor : settings.StallTimeoutMin;
        return paced > floor ? paced : floor;
    }

    public DateTimeOffset Deadline(EngineSettings settings) => LastAt + Timeout(settings);

    public bool HasPassed(EngineSettings settings, DateTimeOffset now) => now >= Deadline(settings);
}
