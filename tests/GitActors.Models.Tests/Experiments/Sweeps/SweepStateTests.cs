using GitActors.Models.Experiments.Events;
using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Experiments.Sweeps;
using GitActors.TestSupport;

namespace GitActors.Models.Tests.Experiments.Sweeps;

public sealed class SweepStateTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly EngineSettings Settings = new() { MaxAttempts = 3, RetryBackoff = TimeSpan.FromSeconds(10) };

    private static SweepPlan Plan(params int[] seeds) => new("s1", "test", seeds.Select(s => TestRuns.Run(s)).ToList(), Settings);

    /// <summary>Processes the command and applies what it decided, as the supervisor does.</summary>
    private static (SweepState State, IReadOnlyList<ISweepEvent> Events) Step(SweepState state, ISweepCommand command)
    {
        var events = state.Process(command, Settings, Now);
        return (events.Aggregate(state, (s, e) => s.Apply(e)), events);
    }

    private static SweepState Started(params int[] seeds) => Step(SweepState.Empty("s1"), new StartPlan(Plan(seeds), "sweep.conf", "text")).State;

    private static RunStarted Assign(ref SweepState state, string device = "cpu-0")
    {
        var (next, events) = Step(state, new AssignNext("node", device));
        state = next;
        return Assert.IsType<RunStarted>(Assert.Single(events));
    }

    private static EpochSummary Summary(int epoch) => new(epoch, 0.5, 0.1, 0.4, 100, 3);

    [Fact]
    public void Start_queues_the_runs_in_plan_order_and_assigns_them_in_that_order_with_increasing_tokens()
    {
        var (state, events) = Step(SweepState.Empty("s1"), new StartPlan(Plan(3, 1, 2), "sweep.conf", "text"));

        Assert.IsType<SweepStarted>(events[0]);
        Assert.Equal(["run-3", "run-1", "run-2"], events.Skip(1).Cast<RunQueued>().Select(q => q.RunId));

        var first = Assign(ref state);
        var second = Assign(ref state, "cpu-1");
        Assert.Equal(("run-3", 1, 1L, 0), (first.RunId, first.Attempt, first.FencingToken, first.ResumeFromEpoch));
        Assert.Equal(("run-1", 1, 2L, "cpu-1"), (second.RunId, second.Attempt, second.FencingToken, second.Device));
        Assert.Equal(["run-2"], state.Queue);
    }

    [Fact]
    public void Starting_a_started_sweep_decides_nothing()
    {
        var state = Started(1, 2);
        Assert.Empty(state.Process(new StartPlan(Plan(1, 2), "sweep.conf", "text"), Settings, Now));
    }

    [Fact]
    public void An_empty_queue_assigns_nothing()
    {
        var state = Started(1);
        Assign(ref state);
        Assert.Empty(state.Process(new AssignNext("node", "cpu-1"), Settings, Now));
    }

    [Fact]
    public void A_failing_run_is_retried_until_MaxAttempts_then_fails_for_good_and_the_sweep_completes()
    {
        var state = Started(1, 2);
        var failures = new List<RunFailed>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var started = Assign(ref state);
            Assert.Equal(("run-1", attempt), (started.RunId, started.Attempt));
            if (attempt == 1)
            {
                // The other run takes its turn while run-1 backs off, and succeeds.
                var other = Assign(ref state);
                Assert.Equal("run-2", other.RunId);
                var (afterOther, otherEvents) = Step(state, new RecordSuccess("run-2", 1, other.FencingToken, TestRuns.Result(2)));
                Assert.IsType<RunCompleted>(Assert.Single(otherEvents));
                state = afterOther;
            }
            var (next, events) = Step(state, new RecordFailure("run-1", attempt, started.FencingToken, "boom"));
            state = next;
            failures.Add(Assert.IsType<RunFailed>(events[0]));
            if (attempt < 3)
            {
                Assert.Single(events);
                Assert.Equal(RunPhase.RetryWaiting, state.Runs["run-1"].Phase);
                Assert.Empty(state.Process(new AssignNext("node", "cpu-0"), Settings, Now)); // backing off: nothing to hand out
                state = Step(state, new RequeueAfterBackoff("run-1")).State;
            }
            else
            {
                var completed = Assert.IsType<SweepCompleted>(events[1]);
                Assert.Equal((1, 1), (completed.Completed, completed.Failed));
            }
        }
        Assert.Equal([true, true, false], failures.Select(f => f.WillRetry));
        Assert.Equal((RunPhase.Failed, 3, "boom"), (state.Runs["run-1"].Phase, state.Runs["run-1"].Failures, state.Runs["run-1"].LastError));
        Assert.True(state.Finished);
    }

    [Fact]
    public void Backoff_doubles_with_each_failure()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), SweepState.Backoff(Settings, 1));
        Assert.Equal(TimeSpan.FromSeconds(20), SweepState.Backoff(Settings, 2));
        Assert.Equal(TimeSpan.FromSeconds(40), SweepState.Backoff(Settings, 3));
    }

    [Fact]
    public void Recovery_requeues_a_started_run_which_resumes_from_its_last_checkpoint_and_skips_completed_runs()
    {
        // The journal of a process that died while run-1 was in its third epoch and run-2 had completed.
        var at = Now;
        ISweepEvent[] journal =
        [
            new SweepStarted("s1", "test", "sweep.conf", "text", [TestRuns.Run(1, 5), TestRuns.Run(2), TestRuns.Run(3)], at),
            new RunQueued("s1", "run-1", at), new RunQueued("s1", "run-2", at), new RunQueued("s1", "run-3", at),
            new RunStarted("s1", "run-1", 1, 1, "node", "cpu-0", 0, at),
            new EpochCompleted("s1", "run-1", 1, 1, 1, 0.9, 0.1, 0.3, 100, "/c/e1", "aa", at),
            new RunStarted("s1", "run-2", 1, 2, "node", "cpu-1", 0, at),
            new EpochCompleted("s1", "run-1", 1, 1, 2, 0.8, 0.1, 0.4, 100, "/c/e2", "bb", at),
            new RunCompleted("s1", "run-2", 1, 2, TestRuns.Result(2), at),
        ];
        var state = journal.Aggregate(SweepState.Empty("s1"), (s, e) => s.Apply(e));

        var (recovered, events) = Step(state, new RecoverInterrupted());

        Assert.Equal(["run-1"], events.Cast<RunQueued>().Select(q => q.RunId));
        Assert.Equal(["run-3", "run-1"], recovered.Queue);
        var third = Assign(ref recovered);
        var resumed = Assign(ref recovered);
        Assert.Equal("run-3", third.RunId);
        Assert.Equal(("run-1", 2, 4L, 2), (resumed.RunId, resumed.Attempt, resumed.FencingToken, resumed.ResumeFromEpoch));
        Assert.Equal([new CheckpointRef(2, "/c/e2", "bb"), new CheckpointRef(1, "/c/e1", "aa")], recovered.Runs["run-1"].ResumeCandidates);
        Assert.Equal(0, recovered.Runs["run-1"].Failures);
        Assert.Equal(RunPhase.Completed, recovered.Runs["run-2"].Phase);
    }

    [Fact]
    public void Reports_and_journal_events_carrying_a_stale_fencing_token_are_ignored()
    {
        var state = Started(1);
        var old = Assign(ref state);
        state = Step(state, new RecordInterruption("run-1", old.FencingToken)).State;
        var current = Assign(ref state);
        Assert.Equal((2, 2L), (current.Attempt, current.FencingToken));

        Assert.Empty(state.Process(new RecordEpoch("run-1", old.Attempt, old.FencingToken, Summary(1), "/old", "00"), Settings, Now));
        Assert.Empty(state.Process(new RecordSuccess("run-1", old.Attempt, old.FencingToken, TestRuns.Result(2)), Settings, Now));
        Assert.Empty(state.Process(new RecordFailure("run-1", old.Attempt, old.FencingToken, "late"), Settings, Now));
        // Replaying an epoch event of the old attempt (written by a stale writer) changes nothing either.
        var replayed = state.Apply(new EpochCompleted("s1", "run-1", old.Attempt, old.FencingToken, 1, 1, 0.1, 0.1, 1, "/old", "00", Now));
        Assert.Empty(replayed.Runs["run-1"].Checkpoints);

        var (next, events) = Step(state, new RecordEpoch("run-1", current.Attempt, current.FencingToken, Summary(1), "/new", "11"));
        Assert.IsType<EpochCompleted>(Assert.Single(events));
        Assert.Equal(new CheckpointRef(1, "/new", "11"), next.Runs["run-1"].LatestCheckpoint);
    }

    [Fact]
    public void An_interruption_requeues_without_using_up_an_attempt()
    {
        var state = Started(1);
        var first = Assign(ref state);
        var (next, events) = Step(state, new RecordInterruption("run-1", first.FencingToken));
        Assert.IsType<RunQueued>(Assert.Single(events));
        Assert.Equal((RunPhase.Queued, 0), (next.Runs["run-1"].Phase, next.Runs["run-1"].Failures));
    }

    [Fact]
    public void A_rejected_checkpoint_is_forgotten_so_the_next_attempt_resumes_from_the_one_before()
    {
        var state = Started(1);
        var a = Assign(ref state);
        state = Step(state, new RecordEpoch("run-1", 1, a.FencingToken, Summary(1), "/e1", "aa")).State;
        state = Step(state, new RecordEpoch("run-1", 1, a.FencingToken, Summary(2), "/e2", "bb")).State;
        state = Step(state, new RecordInterruption("run-1", a.FencingToken)).State;
        var b = Assign(ref state);
        Assert.Equal(2, b.ResumeFromEpoch);

        var (next, events) = Step(state, new RecordCheckpointRejected("run-1", b.Attempt, b.FencingToken, 2, "/e2", "hash mismatch"));
        Assert.Equal("hash mismatch", Assert.IsType<CheckpointRejected>(Assert.Single(events)).Reason);
        state = Step(next, new RecordInterruption("run-1", b.FencingToken)).State;
        Assert.Equal(1, Assign(ref state).ResumeFromEpoch);
    }

    [Fact]
    public void The_last_success_completes_the_sweep_and_an_empty_plan_completes_at_once()
    {
        var state = Started(1);
        var a = Assign(ref state);
        var (done, events) = Step(state, new RecordSuccess("run-1", 1, a.FencingToken, TestRuns.Result(2)));
        Assert.Equal((1, 0), (Assert.IsType<SweepCompleted>(events[1]).Completed, ((SweepCompleted)events[1]).Failed));
        Assert.True(done.Finished);
        Assert.Empty(done.Process(new RecoverInterrupted(), Settings, Now));

        var empty = Step(SweepState.Empty("s1"), new StartPlan(Plan(), "", "")).Events;
        Assert.IsType<SweepCompleted>(empty[^1]);
    }

    [Fact]
    public void Recovery_of_a_journal_whose_runs_all_ended_but_that_lacks_SweepCompleted_records_it()
    {
        // The crash the fault point "after RunCompleted, before SweepCompleted" stands for: the last run's events are
        // journalled, SweepCompleted (a write of its own) is not.
        var state = Started(1, 2);
        var first = Assign(ref state);
        var second = Assign(ref state);
        state = Step(state, new RecordSuccess("run-1", 1, first.FencingToken, TestRuns.Result(2))).State;
        state = state.Apply(new RunCompleted("s1", "run-2", 1, second.FencingToken, TestRuns.Result(2), Now));
        Assert.False(state.Finished);

        var completed = Assert.IsType<SweepCompleted>(Assert.Single(state.Process(new RecoverInterrupted(), Settings, Now)));
        Assert.Equal((2, 0), (completed.Completed, completed.Failed));
    }
    [Fact]
    public void A_duplicate_success_report_from_the_current_attempt_records_nothing_more()
    {
        var state = Started(1, 2);
        var a = Assign(ref state);
        Assign(ref state, "cpu-1");
        var success = new RecordSuccess("run-1", a.Attempt, a.FencingToken, TestRuns.Result(2));
        var (once, first) = Step(state, success);
        Assert.IsType<RunCompleted>(Assert.Single(first));

        // The same report again (a retransmission, or the trainer's reply after a coordinator moved): same attempt, same token.
        var (twice, second) = Step(once, success);
        Assert.Empty(second);
        Assert.Equal(RunPhase.Completed, twice.Runs["run-1"].Phase);
        Assert.False(twice.Finished);
        // A replayed duplicate RunCompleted in the journal changes nothing either.
        Assert.Equal(once.Runs["run-1"], once.Apply(Assert.IsType<RunCompleted>(first[0])).Runs["run-1"]);
    }

    [Fact]
    public void A_late_success_while_the_run_is_queued_again_but_not_yet_reassigned_is_ignored()
    {
        var state = Started(1);
        var a = Assign(ref state);
        state = Step(state, new RecordInterruption("run-1", a.FencingToken)).State;
        Assert.Equal(RunPhase.Queued, state.Runs["run-1"].Phase);

        // The interrupted attempt finishes anyway and reports: its token still matches the slot's, but the run is queued.
        var (after, events) = Step(state, new RecordSuccess("run-1", a.Attempt, a.FencingToken, TestRuns.Result(2)));
        Assert.Empty(events);
        Assert.Equal(RunPhase.Queued, after.Runs["run-1"].Phase);
        Assert.Equal(["run-1"], after.Queue);
        // The same for a late epoch and a late failure: nothing is recorded, no attempt is used up.
        Assert.Empty(after.Process(new RecordEpoch("run-1", a.Attempt, a.FencingToken, Summary(1), "/late", "ff"), Settings, Now));
        Assert.Empty(after.Process(new RecordFailure("run-1", a.Attempt, a.FencingToken, "late"), Settings, Now));

        // It is handed out again as a new attempt and completes exactly once, with that attempt's token.
        var b = Assign(ref after);
        Assert.Equal((2, a.FencingToken + 1), (b.Attempt, b.FencingToken));
        var done = Step(after, new RecordSuccess("run-1", b.Attempt, b.FencingToken, TestRuns.Result(2)));
        Assert.Equal(b.FencingToken, Assert.IsType<RunCompleted>(done.Events[0]).FencingToken);
        Assert.True(done.State.Finished);
    }

    [Fact]
    public void When_every_checkpoint_of_a_run_is_rejected_on_resume_the_next_attempt_starts_from_scratch()
    {
        var state = Started(1);
        var a = Assign(ref state);
        for (var epoch = 1; epoch <= 3; epoch++)
            state = Step(state, new RecordEpoch("run-1", a.Attempt, a.FencingToken, Summary(epoch), $"/e{epoch}", $"h{epoch}")).State;
        state = Step(state, new RecordInterruption("run-1", a.FencingToken)).State;
        var b = Assign(ref state);
        Assert.Equal(3, b.ResumeFromEpoch);
        Assert.Equal([3, 2, 1], state.Runs["run-1"].ResumeCandidates.Select(c => c.Epoch));

        // The trainer rejects each candidate, newest first, and starts with none.
        foreach (var epoch in new[] { 3, 2, 1 })
        {
            var (next, events) = Step(state, new RecordCheckpointRejected("run-1", b.Attempt, b.FencingToken, epoch, $"/e{epoch}", "missing"));
            Assert.Equal(epoch, Assert.IsType<CheckpointRejected>(Assert.Single(events)).Epoch);
            state = next;
        }
        Assert.Empty(state.Runs["run-1"].ResumeCandidates);
        Assert.Equal(RunPhase.Running, state.Runs["run-1"].Phase);

        // Interrupted again, the next attempt resumes from epoch 0 with no checkpoint to try.
        state = Step(state, new RecordInterruption("run-1", b.FencingToken)).State;
        var c = Assign(ref state);
        Assert.Equal((3, 0), (c.Attempt, c.ResumeFromEpoch));
        Assert.Empty(state.Runs["run-1"].ResumeCandidates);
    }

    /// <summary>run-1 fails MaxAttempts times (one checkpoint after its first epoch) and run-2 completes: the sweep ends 1/1.</summary>
    private static SweepState FinishedWithOneFailure()
    {
        var state = Started(1, 2);
        var first = Assign(ref state);
        state = Step(state, new RecordEpoch("run-1", first.Attempt, first.FencingToken, Summary(1), "/e1", "aa")).State;
        var other = Assign(ref state);
        state = Step(state, new RecordSuccess("run-2", other.Attempt, other.FencingToken, TestRuns.Result(2))).State;
        var attempt = first;
        for (var i = 1; i <= Settings.MaxAttempts; i++)
        {
            state = Step(state, new RecordFailure("run-1", attempt.Attempt, attempt.FencingToken, "disk full")).State;
            if (i < Settings.MaxAttempts) state = Step(state, new RequeueAfterBackoff("run-1")).State;
            if (i < Settings.MaxAttempts) attempt = Assign(ref state);
        }
        Assert.True(state.Finished);
        Assert.Equal(RunPhase.Failed, state.Runs["run-1"].Phase);
        return state;
    }

    [Fact]
    public void Retrying_failed_runs_requeues_them_with_a_fresh_budget_and_reopens_the_finished_sweep()
    {
        var state = FinishedWithOneFailure();
        var lastToken = state.LastFencingToken;

        var (retried, events) = Step(state, new RequeueFailed());

        var requested = Assert.IsType<RunRetryRequested>(events[0]);
        Assert.Equal(("run-1", 3, "disk full"), (requested.RunId, requested.PreviousFailures, requested.PreviousError));
        Assert.Equal("run-1", Assert.IsType<RunQueued>(events[1]).RunId);
        Assert.Equal(2, events.Count);
        Assert.False(retried.Finished);
        Assert.Equal((RunPhase.Queued, 0), (retried.Runs["run-1"].Phase, retried.Runs["run-1"].Failures));
        Assert.Equal(["run-1"], retried.Queue);
        // The completed run is left alone.
        Assert.Equal(RunPhase.Completed, retried.Runs["run-2"].Phase);

        // A new attempt, ordered after every earlier one, from the checkpoint the run kept.
        var next = Assign(ref retried);
        Assert.Equal(("run-1", 4, lastToken + 1, 1), (next.RunId, next.Attempt, next.FencingToken, next.ResumeFromEpoch));
        // A full budget again: a failure now is retried, not final.
        var (afterFailure, failure) = Step(retried, new RecordFailure("run-1", next.Attempt, next.FencingToken, "still full"));
        Assert.True(Assert.IsType<RunFailed>(Assert.Single(failure)).WillRetry);
        retried = Step(afterFailure, new RequeueAfterBackoff("run-1")).State;
        var last = Assign(ref retried);
        var (done, closing) = Step(retried, new RecordSuccess("run-1", last.Attempt, last.FencingToken, TestRuns.Result(2)));
        Assert.IsType<RunCompleted>(closing[0]);
        Assert.Equal((2, 0), (Assert.IsType<SweepCompleted>(closing[1]).Completed, ((SweepCompleted)closing[1]).Failed));
        Assert.True(done.Finished);
    }

    [Fact]
    public void Retrying_when_no_run_failed_for_good_decides_nothing()
    {
        Assert.Empty(SweepState.Empty("s1").Process(new RequeueFailed(), Settings, Now));
        var state = Started(1, 2);
        var a = Assign(ref state);
        // A run waiting out its backoff has attempts left: it is not "failed for good".
        state = Step(state, new RecordFailure("run-1", a.Attempt, a.FencingToken, "boom")).State;
        Assert.Equal(RunPhase.RetryWaiting, state.Runs["run-1"].Phase);
        Assert.Empty(state.Process(new RequeueFailed(), Settings, Now));
        Assert.Empty(state.RetryableRuns);
    }

    [Fact]
    public void A_retry_replayed_from_the_journal_gives_the_state_the_live_decision_had()
    {
        var state = FinishedWithOneFailure();
        var (live, events) = Step(state, new RequeueFailed());

        var replayed = events.Aggregate(state, (s, e) => s.Apply(e));

        Assert.Equal(live.Runs["run-1"], replayed.Runs["run-1"]);
        Assert.Equal(live.Finished, replayed.Finished);
        Assert.Equal(live.Queue, replayed.Queue);
        // A retry that is replayed but whose process died before the new attempt started: recovery has nothing to
        // re-queue (the run is queued already) and does not close the reopened sweep.
        Assert.Empty(replayed.Process(new RecoverInterrupted(), Settings, Now));
    }

    private static (SweepState State, IReadOnlyList<ISweepEvent> Events) StepAt(SweepState state, ISweepCommand command, EngineSettings settings, DateTimeOffset now)
    {
        var events = state.Process(command, settings, now);
        return (events.Aggregate(state, (s, e) => s.Apply(e)), events);
    }

    [Fact]
    public void An_attempt_past_its_progress_deadline_is_recorded_stalled_and_requeued_from_its_checkpoint_and_its_late_reports_are_ignored()
    {
        var state = Started(1);
        var a = Assign(ref state);
        state = Step(state, new RecordEpoch("run-1", a.Attempt, a.FencingToken, Summary(1), "/e1", "h1")).State;
        // Progress: assigned at Now, reports at +1 min and +2 min (epoch 2, step 1), then nothing.
        var progress = ProgressDeadline.Begin(Now).Observe(Now.AddMinutes(1), 1, 3).Observe(Now.AddMinutes(2), 2, 1);
        var stall = new RecordStall("run-1", a.Attempt, a.FencingToken, progress);

        // Automatic timeout: 3 x the slowest gap (1 min) is under the 10 min minimum, so the deadline is +12 min.
        Assert.Empty(state.Process(stall, Settings, Now.AddMinutes(11.9)));
        var (after, events) = StepAt(state, stall, Settings, Now.AddMinutes(12));

        var stalled = Assert.IsType<RunStalled>(events[0]);
        Assert.Equal(("run-1", a.Attempt, a.FencingToken, 2, 1, Now.AddMinutes(2), 2, 600.0, true),
            (stalled.RunId, stalled.Attempt, stalled.FencingToken, stalled.LastEpoch, stalled.LastStep, stalled.LastProgressAt,
                stalled.ProgressReports, stalled.TimeoutSeconds, stalled.WillRetry));
        Assert.Equal("run-1", Assert.IsType<RunQueued>(events[1]).RunId);
        Assert.Equal(2, events.Count);
        var slot = after.Runs["run-1"];
        Assert.Equal((RunPhase.Queued, 1, 0), (slot.Phase, slot.Stalls, slot.Failures));
        Assert.StartsWith("stalled: no progress for 10 min after epoch 2, step 1", slot.LastError);

        // The stuck attempt wakes up: its reports, and a second stall timer, decide nothing.
        Assert.Empty(after.Process(new RecordEpoch("run-1", a.Attempt, a.FencingToken, Summary(2), "/e2", "h2"), Settings, Now.AddMinutes(13)));
        Assert.Empty(after.Process(new RecordSuccess("run-1", a.Attempt, a.FencingToken, TestRuns.Result(2)), Settings, Now.AddMinutes(13)));
        Assert.Empty(after.Process(new RecordFailure("run-1", a.Attempt, a.FencingToken, "late"), Settings, Now.AddMinutes(13)));
        Assert.Empty(after.Process(stall, Settings, Now.AddMinutes(13)));

        // The next attempt resumes from the last good checkpoint.
        var b = Assign(ref after);
        Assert.Equal(("run-1", 2, a.FencingToken + 1, 1), (b.RunId, b.Attempt, b.FencingToken, b.ResumeFromEpoch));
    }

    [Fact]
    public void Before_the_first_progress_report_an_automatic_deadline_waits_at_least_ten_minutes_and_a_fixed_one_applies_as_set()
    {
        var state = Started(1);
        var a = Assign(ref state);
        var silent = new RecordStall("run-1", a.Attempt, a.FencingToken, ProgressDeadline.Begin(Now));
        var lowMinimum = Settings with { StallTimeoutMin = TimeSpan.FromMinutes(1) };

        Assert.Empty(state.Process(silent, lowMinimum, Now.AddMinutes(9.9)));
        var stalled = Assert.IsType<RunStalled>(state.Process(silent, lowMinimum, Now.AddMinutes(10))[0]);
        Assert.Equal((0, 0, Now, 600.0), (stalled.ProgressReports, stalled.LastEpoch, stalled.LastProgressAt, stalled.TimeoutSeconds));
        Assert.Contains("no progress report within 10 min of the assignment", stalled.Reason);

        var fixedTimeout = Settings with { StallTimeout = TimeSpan.FromSeconds(5) };
        Assert.Empty(state.Process(silent, fixedTimeout, Now.AddSeconds(4.9)));
        Assert.IsType<RunStalled>(state.Process(silent, fixedTimeout, Now.AddSeconds(5))[0]);
    }

    [Fact]
    public void The_automatic_timeout_is_three_times_the_slowest_gap_between_reports_never_under_the_minimum()
    {
        var settings = Settings with { StallTimeoutMin = TimeSpan.FromMinutes(1) };
        var p = ProgressDeadline.Begin(Now);
        Assert.Equal(TimeSpan.FromMinutes(10), p.Timeout(settings));
        // The first report after a long set-up sets no pace; the minimum applies.
        p = p.Observe(Now.AddMinutes(7), 1, 8);
        Assert.Equal(TimeSpan.FromMinutes(1), p.Timeout(settings));
        p = p.Observe(Now.AddMinutes(7).AddSeconds(10), 1, 16).Observe(Now.AddMinutes(7).AddSeconds(50), 2, 0).Observe(Now.AddMinutes(8), 2, 8);
        Assert.Equal(TimeSpan.FromSeconds(120), p.Timeout(settings));   // slowest gap 40 s (the epoch's evaluation)
        Assert.Equal(Now.AddMinutes(10), p.Deadline(settings));
    }

    [Fact]
    public void Stalls_have_their_own_budget_apart_from_attempts_and_the_last_one_fails_the_run_for_good()
    {
        var settings = Settings with { MaxStalls = 2, StallTimeout = TimeSpan.FromSeconds(30) };
        var state = Started(1);
        var a = Assign(ref state);
        state = StepAt(state, new RecordFailure("run-1", a.Attempt, a.FencingToken, "boom"), settings, Now).State;
        state = StepAt(state, new RequeueAfterBackoff("run-1"), settings, Now).State;
        var b = Assign(ref state);
        var (afterFirst, first) = StepAt(state, new RecordStall("run-1", b.Attempt, b.FencingToken, ProgressDeadline.Begin(Now)), settings, Now.AddMinutes(1));
        Assert.Equal([typeof(RunStalled), typeof(RunQueued)], first.Select(e => e.GetType()));
        state = afterFirst;
        var c = Assign(ref state);
        var (final, second) = StepAt(state, new RecordStall("run-1", c.Attempt, c.FencingToken, ProgressDeadline.Begin(Now)), settings, Now.AddMinutes(1));

        Assert.Equal([typeof(RunStalled), typeof(RunFailed), typeof(SweepCompleted)], second.Select(e => e.GetType()));
        Assert.False(((RunStalled)second[0]).WillRetry);
        Assert.Contains("2 stalls, the limit (engine.max-stalls)", ((RunFailed)second[1]).Reason);
        var slot = final.Runs["run-1"];
        Assert.Equal((RunPhase.Failed, 2, 2, 3), (slot.Phase, slot.Stalls, slot.Failures, slot.Attempt));
        Assert.True(final.Finished);
    }

    private static readonly EngineSettings Faulty = Settings with
    {
        MaxAttempts = 2,
        MaxInfrastructureRetries = 2,
        InfraRetryBackoff = TimeSpan.FromSeconds(30),
    };

    private static RecordInfrastructureFault DiskFull(RunStarted a) =>
        new("run-1", a.Attempt, a.FencingToken, "IOException: No space left on device");

    [Fact]
    public void A_fault_of_the_machine_uses_no_attempt_and_requeues_the_run_after_its_own_backoff()
    {
        var state = Started(1);
        var a = Assign(ref state);
        var (faulted, events) = StepAt(state, DiskFull(a), Faulty, Now);

        var fault = Assert.IsType<RunFaulted>(Assert.Single(events));
        Assert.Equal(("run-1", a.Attempt, a.FencingToken, true), (fault.RunId, fault.Attempt, fault.FencingToken, fault.WillRetry));
        var slot = faulted.Runs["run-1"];
        Assert.Equal((RunPhase.RetryWaiting, 0, 1, "IOException: No space left on device"), (slot.Phase, slot.Failures, slot.InfrastructureFaults, slot.LastError));
        Assert.Null(faulted.NextAssignable);   // it waits out its backoff first
        Assert.Equal(TimeSpan.FromSeconds(30), SweepState.InfrastructureBackoff(Faulty, slot.InfrastructureFaults));

        // Stale: the same report again, one from an older attempt, and a failure of the faulted attempt decide nothing.
        Assert.Empty(faulted.Process(DiskFull(a), Faulty, Now));
        Assert.Empty(faulted.Process(new RecordFailure("run-1", a.Attempt, a.FencingToken, "late"), Faulty, Now));

        state = StepAt(faulted, new RequeueAfterBackoff("run-1"), Faulty, Now).State;
        var b = Assign(ref state);
        Assert.Empty(state.Process(DiskFull(a), Faulty, Now));
        // max-attempts = 2 is intact: the run's own first failure is retried.
        var failed = Assert.IsType<RunFailed>(Assert.Single(state.Process(new RecordFailure("run-1", b.Attempt, b.FencingToken, "boom"), Faulty, Now)));
        Assert.True(failed.WillRetry);
    }

    [Fact]
    public void Infrastructure_backoff_doubles_per_fault_and_no_backoff_grows_past_an_hour()
    {
        Assert.Equal([30.0, 60.0, 120.0, 240.0], Enumerable.Range(1, 4).Select(n => SweepState.InfrastructureBackoff(Faulty, n).TotalSeconds));
        Assert.Equal(TimeSpan.FromHours(1), SweepState.InfrastructureBackoff(Faulty, 1000));
        Assert.Equal(TimeSpan.FromHours(1), SweepState.Backoff(Settings, 1000));
        Assert.Equal(TimeSpan.FromHours(2), SweepState.Backoff(Settings with { RetryBackoff = TimeSpan.FromHours(2) }, 3));
    }

    [Fact]
    public void Past_max_infra_retries_the_run_fails_for_good_naming_the_setting_and_retry_failed_gives_a_fresh_budget()
    {
        var state = Started(1);
        for (var fault = 1; fault <= 2; fault++)
        {
            var retried = Assign(ref state);
            state = StepAt(state, DiskFull(retried), Faulty, Now).State;
            state = StepAt(state, new RequeueAfterBackoff("run-1"), Faulty, Now).State;
        }
        var last = Assign(ref state);
        var (final, events) = StepAt(state, DiskFull(last), Faulty, Now);

        Assert.Equal([typeof(RunFaulted), typeof(RunFailed), typeof(SweepCompleted)], events.Select(e => e.GetType()));
        Assert.False(((RunFaulted)events[0]).WillRetry);
        var failed = (RunFailed)events[1];
        Assert.False(failed.WillRetry);
        Assert.Equal("IOException: No space left on device; infrastructure fault 3, over engine.max-infra-retries = 2", failed.Reason);
        var slot = final.Runs["run-1"];
        Assert.Equal((RunPhase.Failed, 3, 3), (slot.Phase, slot.InfrastructureFaults, slot.Attempt));
        Assert.True(final.Finished);

        var (again, retry) = StepAt(final, new RequeueFailed(), Faulty, Now);
        Assert.Equal([typeof(RunRetryRequested), typeof(RunQueued)], retry.Select(e => e.GetType()));
        Assert.Equal((0, 0), (again.Runs["run-1"].InfrastructureFaults, again.Runs["run-1"].Failures));
        var fresh = Assign(ref again);
        Assert.True(Assert.IsType<RunFaulted>(Assert.Single(again.Process(DiskFull(fresh), Faulty, Now))).WillRetry);
    }
}
