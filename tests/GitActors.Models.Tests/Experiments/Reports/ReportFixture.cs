using GitActors.Models.Experiments.Events;

namespace GitActors.Models.Tests.Experiments.Reports;

/// <summary>Hand-made sweeps: a plan of runs and their journal events, built without training anything.</summary>
internal sealed class ReportFixture
{
    public const string Sweep = "sweep-report";
    public static readonly DateTimeOffset At = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<PlannedRun> _plan = [];
    private readonly List<ISweepEvent> _runEvents = [];
    private long _token;

    public static RunConfig Config(string dataset, LossKind loss, TrainRule rule, AugmentKind augment, int seed, int ordering = 0,
        ModelKind model = ModelKind.ResNet20, int? cutoff = null) => new(
        new DataSpec(dataset, ordering),
        model,
        new LossSpec(loss),
        rule,
        new AugmentSpec(augment, ClassSizeCutoff: cutoff),
        ScheduleSpec.K49 with { Epochs = 3 },
        new EvalSpec(),
        seed);

    public static RunResult Result(double balanced, double top1 = 0.5, double[]? perClass = null, int[]? counts = null, params EkldReport[] ekld) =>
        new(balanced, top1, 0.9, perClass ?? [balanced, balanced], counts ?? [10, 5], ekld, 3, 1.0);

    /// <summary>
    /// Plans a run and journals one attempt that completes with the result (or is only planned when null), its epochs
    /// evenly spread over <paramref name="seconds"/> from At; <paramref name="munitJob"/> is the job whose generator it uses,
    /// <paramref name="bankJob"/> the one whose augmentation bank it reads.
    /// </summary>
    public string Add(RunConfig config, RunResult? result, double seconds = 0, string? munitJob = null, string? bankJob = null)
    {
        var runId = $"run{_plan.Count}";
        _plan.Add(new PlannedRun(runId, $"label {runId}", config, munitJob, bankJob));
        if (result is null) return runId;
        var token = ++_token;
        _runEvents.Add(new RunStarted(Sweep, runId, 1, token, "node", "cpu", 0, At));
        for (var epoch = 1; epoch <= result.Epochs; epoch++)
            _runEvents.Add(new EpochCompleted(Sweep, runId, 1, token, epoch, 1.0 / epoch, 0.1, result.BalancedAccuracy * epoch / result.Epochs, 100, "", "",
                At.AddSeconds(seconds * epoch / result.Epochs)));
        _runEvents.Add(new RunCompleted(Sweep, runId, 1, token, result, At.AddSeconds(seconds)));
        return runId;
    }

    /// <summary>Journals one more attempt of a planned run: started at <paramref name="start"/>, failed <paramref name="seconds"/> later.</summary>
    public void AddFailedAttempt(string runId, int attempt, DateTimeOffset start, double seconds)
    {
        var token = ++_token;
        _runEvents.Add(new RunStarted(Sweep, runId, attempt, token, "node", "cpu", 0, start));
        _runEvents.Add(new RunFailed(Sweep, runId, attempt, token, "killed", WillRetry: true, start.AddSeconds(seconds)));
    }

    public string AddFailed(RunConfig config)
    {
        var runId = Add(config, null);
        var token = ++_token;
        _runEvents.Add(new RunStarted(Sweep, runId, 1, token, "node", "cpu", 0, At));
        _runEvents.Add(new RunFailed(Sweep, runId, 1, token, "loss is NaN", WillRetry: false, At));
        return runId;
    }

    public IReadOnlyList<ISweepEvent> Events() =>
        [new SweepStarted(Sweep, "report-demo", "sweep.conf", "", _plan.ToList(), At), .. _runEvents];

    public SweepSummary Summary() => SweepProjection.Fold(Sweep, Events());
}
