using GitActors.Models.Experiments.Events;
using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Experiments.Sweeps;
using GitActors.TestSupport;

namespace GitActors.Models.Tests.Experiments.Sweeps;

/// <summary>SweepState's rules for MUNIT jobs and the runs that wait for their generator: GIT runs need it, the others
/// (here a plain ce+drs run) evaluate eKLD under T~ with it, or run without once the job has ended for good.</summary>
public sealed class GitDependencyTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly EngineSettings Settings = new() { MaxAttempts = 2, RetryBackoff = TimeSpan.FromSeconds(1) };
    private static readonly GeneratorRef Generator = new("job", "/out/artifacts/s1/job/generator.munit", "ab12");

    private static readonly PlannedRun Job = new("job", "fmnist-bg-lt/o0/munit/s1",
        RunConfig.ForMunitJob(new DataSpec("fmnist-bg-lt"), 1, new MunitJobSpec(10, 5, new MunitHyperParameters())));

    private static readonly PlannedRun GitRun = new("git", "ce+drs+git", TestRuns.Config(1, 2) with
    {
        Augment = new AugmentSpec(AugmentKind.Git),
        Rule = TrainRule.Drs,
    }, MunitJob: "job");

    private static readonly PlannedRun PlainRun = new("plain", "ce+drs", TestRuns.Config(2, 2) with { Rule = TrainRule.Drs }, MunitJob: "job");

    private static (SweepState State, IReadOnlyList<ISweepEvent> Events) Step(SweepState state, ISweepCommand command)
    {
        var events = state.Process(command, Settings, Now);
        return (events.Aggregate(state, (s, e) => s.Apply(e)), events);
    }

    private static SweepState Started() =>
        Step(SweepState.Empty("s1"), new StartPlan(new SweepPlan("s1", "git", [Job, GitRun, PlainRun], Settings), "", "")).State;

    private static RunStarted Assign(ref SweepState state)
    {
        var (next, events) = Step(state, new AssignNext("node", "cpu-0"));
        state = next;
        return Assert.IsType<RunStarted>(Assert.Single(events));
    }

    /// <summary>Assigns the job (nothing else can start while it runs), records its generator, and assigns the run that
    /// waited for it.</summary>
    private static RunStarted JobThenWaitingRun(ref SweepState state)
    {
        var job = Assign(ref state);
        Assert.Equal("job", job.RunId);
        Assert.False(state.HasAssignableRun);
        state = Step(state, new RecordSuccess("job", job.Attempt, job.FencingToken, JobResult, Generator)).State;
        return Assign(ref state);
    }

    private static RunResult JobResult => new(double.NaN, double.NaN, double.NaN, [], [], [], 2, 1);

    [Fact]
    public void No_run_that_names_the_job_is_assigned_before_its_generator_is_recorded()
    {
        var state = Started();

        Assert.Equal("job", Assign(ref state).RunId);
        Assert.False(state.HasAssignableRun);
        Assert.Empty(state.Process(new AssignNext("node", "cpu-1"), Settings, Now));
        Assert.Equal(["git", "plain"], state.Queue);
    }

    [Fact]
    public void A_non_GIT_run_waits_for_the_generator_and_is_assigned_with_it()
    {
        // Only the plain run names the job: nothing but the generator holds it back.
        var state = Step(SweepState.Empty("s1"), new StartPlan(new SweepPlan("s1", "git", [PlainRun, Job], Settings), "", "")).State;
        Assert.Equal("plain", JobThenWaitingRun(ref state).RunId);
        Assert.Equal(Generator, state.GeneratorFor("plain"));
    }

    [Fact]
    public void The_job_success_records_the_generator_first_and_the_GIT_run_is_then_assigned_with_it()
    {
        var state = Started();
        var job = Assign(ref state);

        var (after, events) = Step(state, new RecordSuccess("job", job.Attempt, job.FencingToken, JobResult, Generator));

        var recorded = Assert.IsType<GeneratorRecorded>(events[0]);
        Assert.Equal(("job", Generator.Path, Generator.Sha256, "fmnist-bg-lt"), (recorded.RunId, recorded.Path, recorded.Sha256, recorded.Data.Dataset));
        Assert.IsType<RunCompleted>(events[1]);
        Assert.Equal(2, events.Count);
        state = after;
        Assert.Equal("git", Assign(ref state).RunId);
        Assert.Equal("plain", Assign(ref state).RunId);
        Assert.Equal(Generator, state.GeneratorFor("git"));
        Assert.Equal(Generator, state.GeneratorFor("plain"));
    }

    [Fact]
    public void A_job_that_fails_for_good_fails_its_GIT_runs_with_a_reason_naming_it_and_frees_the_others_without_a_generator()
    {
        var state = Started();
        var first = Assign(ref state);
        var (afterFirst, firstEvents) = Step(state, new RecordFailure("job", first.Attempt, first.FencingToken, "disk full"));
        Assert.DoesNotContain(firstEvents, e => e is DependencyFailed);   // it will be retried
        state = Step(afterFirst, new RequeueAfterBackoff("job")).State;
        var second = Assign(ref state);                                    // the queue is [git, plain, job]; both wait
        Assert.Equal("job", second.RunId);
        Assert.False(state.HasAssignableRun);

        var (after, events) = Step(state, new RecordFailure("job", second.Attempt, second.FencingToken, "disk full"));

        var failed = Assert.IsType<DependencyFailed>(Assert.Single(events, e => e is DependencyFailed));
        Assert.Equal(("git", "job"), (failed.RunId, failed.DependencyRunId));
        Assert.Equal(RunPhase.Failed, after.Runs["git"].Phase);
        Assert.Equal("MUNIT job fmnist-bg-lt/o0/munit/s1 (job) failed: disk full", after.Runs["git"].LastError);
        Assert.Equal((RunPhase.Queued, null), (after.Runs["plain"].Phase, after.Runs["plain"].LastError));
        Assert.Equal(["plain"], after.Queue);
        Assert.False(after.Finished);
        Assert.Equal("plain", Assign(ref after).RunId);
        Assert.Null(after.GeneratorFor("plain"));
    }

    [Fact]
    public void The_last_open_run_failing_through_its_dependency_completes_the_sweep()
    {
        var plan = new SweepPlan("s1", "git", [Job, GitRun], Settings with { MaxAttempts = 1 });
        var state = Step(SweepState.Empty("s1"), new StartPlan(plan, "", "")).State;
        var job = Assign(ref state);

        var events = state.Process(new RecordFailure("job", job.Attempt, job.FencingToken, "NaN"), Settings with { MaxAttempts = 1 }, Now);

        Assert.Equal([typeof(RunFailed), typeof(DependencyFailed), typeof(SweepCompleted)], events.Select(e => e.GetType()));
        Assert.Equal((0, 2), (((SweepCompleted)events[2]).Completed, ((SweepCompleted)events[2]).Failed));
    }

    [Fact]
    public void Replaying_the_journal_keeps_the_generator_and_recovery_requeues_the_interrupted_GIT_run_with_it()
    {
        // The history as the supervisor persists it: plan, job assigned and done, GIT run assigned, then a crash.
        var journal = new List<ISweepEvent>();
        var live = Replay(journal, SweepState.Empty("s1").Process(new StartPlan(new SweepPlan("s1", "git", [Job, GitRun, PlainRun], Settings), "", ""), Settings, Now));
        live = Replay(journal, live.Process(new AssignNext("node", "cpu-0"), Settings, Now), live);
        live = Replay(journal, live.Process(new RecordSuccess("job", 1, 1, JobResult, Generator), Settings, Now), live);
        live = Replay(journal, live.Process(new AssignNext("node", "cpu-0"), Settings, Now), live);
        Assert.Equal(RunPhase.Running, live.Runs["git"].Phase);

        var recovered = journal.Aggregate(SweepState.Empty("s1"), (s, e) => s.Apply(e));
        var (after, events) = Step(recovered, new RecoverInterrupted());

        Assert.Equal(Generator, after.GeneratorFor("git"));
        Assert.Contains(events, e => e is RunQueued { RunId: "git" });
        Assert.Equal("plain", Assign(ref after).RunId);
        Assert.Equal("git", Assign(ref after).RunId);
        Assert.Equal(Generator, after.GeneratorFor("plain"));
    }

    [Fact]
    public void Replaying_the_journal_keeps_a_non_GIT_run_waiting_for_a_live_job_and_frees_it_once_the_job_failed_for_good()
    {
        var once = Settings with { MaxAttempts = 1 };
        var journal = new List<ISweepEvent>();
        var live = Replay(journal, SweepState.Empty("s1").Process(new StartPlan(new SweepPlan("s1", "git", [Job, GitRun, PlainRun], once), "", ""), once, Now));
        live = Replay(journal, live.Process(new AssignNext("node", "cpu-0"), once, Now), live);

        // A crash while the job runs: after recovery the job is queued again and the plain run still waits behind it.
        var (midway, _) = Step(journal.Aggregate(SweepState.Empty("s1"), (s, e) => s.Apply(e)), new RecoverInterrupted());
        Assert.Equal("job", Assign(ref midway).RunId);
        Assert.False(midway.HasAssignableRun);

        live = Replay(journal, live.Process(new RecordFailure("job", 1, 1, "NaN"), once, Now), live);
        Assert.Equal("plain", live.NextAssignable);

        // A crash after the job failed for good: the replayed state frees the plain run, without a generator.
        var (after, events) = Step(journal.Aggregate(SweepState.Empty("s1"), (s, e) => s.Apply(e)), new RecoverInterrupted());
        Assert.Empty(events);
        Assert.Equal((RunPhase.Failed, RunPhase.Queued), (after.Runs["git"].Phase, after.Runs["plain"].Phase));
        Assert.Equal("plain", Assign(ref after).RunId);
        Assert.Null(after.GeneratorFor("plain"));
    }

    [Fact]
    public void Recovery_fails_GIT_runs_stranded_by_a_job_that_ended_without_a_generator()
    {
        var state = Started();
        var job = Assign(ref state);
        // The job's final failure reached the journal, its dependents' DependencyFailed did not (a crash in between).
        state = state.Apply(new RunFailed("s1", "job", job.Attempt, job.FencingToken, "boom", WillRetry: false, Now));
        Assert.Equal(RunPhase.Queued, state.Runs["git"].Phase);

        var (after, events) = Step(state, new RecoverInterrupted());

        var failed = Assert.IsType<DependencyFailed>(Assert.Single(events));
        Assert.Equal("git", failed.RunId);
        Assert.Equal(RunPhase.Failed, after.Runs["git"].Phase);
        Assert.Contains("fmnist-bg-lt/o0/munit/s1", after.Runs["git"].LastError);
        Assert.Equal("plain", Assign(ref after).RunId);   // not stranded: it runs without eKLD under T~
    }

    [Fact]
    public void A_job_that_succeeds_without_a_generator_fails_its_GIT_runs()
    {
        var state = Started();
        var job = Assign(ref state);

        var (after, events) = Step(state, new RecordSuccess("job", job.Attempt, job.FencingToken, JobResult));

        Assert.Equal([typeof(RunCompleted), typeof(DependencyFailed)], events.Select(e => e.GetType()));
        Assert.Equal("git", ((DependencyFailed)events[1]).RunId);
        Assert.Contains("without recording a generator", after.Runs["git"].LastError);
        Assert.Equal("plain", Assign(ref after).RunId);
        Assert.Null(after.GeneratorFor("plain"));
    }

    private static SweepState Replay(List<ISweepEvent> journal, IReadOnlyList<ISweepEvent> events, SweepState? state = null)
    {
        journal.AddRange(events);
        return events.Aggregate(state ?? SweepState.Empty("s1"), (s, e) => s.Apply(e));
    }

    [Fact]
    public void Retrying_a_failed_job_retries_the_GIT_runs_it_failed_and_they_wait_for_its_new_generator()
    {
        var state = Started();
        Assert.Equal("job", Assign(ref state).RunId);
        for (var attempt = 1; attempt <= Settings.MaxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                state = Step(state, new RequeueAfterBackoff("job")).State;
                Assert.Equal("job", Assign(ref state).RunId);
            }
            var slot = state.Runs["job"];
            state = Step(state, new RecordFailure("job", slot.Attempt, slot.FencingToken, "disk full")).State;
        }
        var plain = Assign(ref state);   // freed by the job's final failure
        state = Step(state, new RecordSuccess("plain", plain.Attempt, plain.FencingToken, TestRuns.Result(2))).State;
        Assert.True(state.Finished);
        Assert.Equal((RunPhase.Failed, RunPhase.Failed), (state.Runs["job"].Phase, state.Runs["git"].Phase));

        var (retried, events) = Step(state, new RequeueFailed());

        Assert.Equal(["job", "git"], events.OfType<RunRetryRequested>().Select(e => e.RunId));
        Assert.Equal(["job", "git"], retried.Queue);
        Assert.Equal(RunPhase.Completed, retried.Runs["plain"].Phase);
        // The GIT run still waits for the generator: the job goes first, then the GIT run with what it wrote.
        Assert.Equal("git", JobThenWaitingRun(ref retried).RunId);
        Assert.Equal(Generator, retried.GeneratorFor("git"));
    }

    [Fact]
    public void A_GIT_run_whose_job_completed_without_a_generator_is_not_retried()
    {
        var plan = new SweepPlan("s1", "git", [Job, GitRun], Settings);
        var state = Step(SweepState.Empty("s1"), new StartPlan(plan, "", "")).State;
        var job = Assign(ref state);
        state = Step(state, new RecordSuccess("job", job.Attempt, job.FencingToken, JobResult)).State;
        Assert.Equal(RunPhase.Failed, state.Runs["git"].Phase);
        Assert.True(state.Finished);

        // Nothing could ever start it: retrying it would leave the sweep open for good.
        Assert.Empty(state.Process(new RequeueFailed(), Settings, Now));
    }

    [Fact]
    public void A_job_that_runs_out_of_infrastructure_retries_fails_the_GIT_run_that_needs_its_generator()
    {
        var noRetries = Settings with { MaxInfrastructureRetries = 0 };
        var state = Started();
        var job = Assign(ref state);

        var events = state.Process(new RecordInfrastructureFault("job", job.Attempt, job.FencingToken, "UnauthorizedAccessException: read-only file system"), noRetries, Now);

        Assert.Equal([typeof(RunFaulted), typeof(RunFailed), typeof(DependencyFailed)], events.Select(e => e.GetType()));
        var dependency = (DependencyFailed)events[2];
        Assert.Equal("git", dependency.RunId);
        Assert.Contains("MUNIT job fmnist-bg-lt/o0/munit/s1 (job) failed: UnauthorizedAccessException: read-only file system; infrastructure fault 1, over engine.max-infra-retries = 0", dependency.Reason);
    }
}
