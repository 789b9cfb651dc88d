using GitActors.Models.Experiments.Events;
using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Experiments.Sweeps;
using GitActors.TestSupport;

namespace GitActors.Models.Tests.Experiments.Sweeps;

/// <summary>SweepState's rules for bank jobs: after the generator, before the GIT runs that read the bank.</summary>
public sealed class BankDependencyTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly EngineSettings Settings = new() { MaxAttempts = 1 };
    private static readonly GeneratorRef Generator = new("job", "/out/artifacts/s1/job/generator.munit", new string('a', 64));
    private static readonly BankRef Bank = new("bank", "/out/artifacts/s1/bank/bank-0123456789abcdef.bank", new string('b', 64));

    private static readonly PlannedRun Job = new("job", "fmnist-bg-lt/o0/munit/s1",
        RunConfig.ForMunitJob(new DataSpec("fmnist-bg-lt"), 1, new MunitJobSpec(10, 5, new MunitHyperParameters())));

    private static readonly RunConfig GitConfig = TestRuns.Config(1, 2) with
    {
        Augment = new AugmentSpec(AugmentKind.Git, BankStyles: 4),
        Rule = TrainRule.Drs,
    };

    private static readonly PlannedRun BankJob = new("bank", "fmnist-bg-lt/o0/bank/drs/s1",
        RunConfig.ForBankJob(new DataSpec("fmnist-bg-lt"), 1, BankJobSpec.For(GitConfig, "job")), MunitJob: "job");

    private static readonly PlannedRun GitRun = new("git", "ce+drs+git", GitConfig, MunitJob: "job", BankJob: "bank");

    private static (SweepState State, IReadOnlyList<ISweepEvent> Events) Step(SweepState state, ISweepCommand command)
    {
        var events = state.Process(command, Settings, Now);
        return (events.Aggregate(state, (s, e) => s.Apply(e)), events);
    }

    private static SweepState Started() =>
        Step(SweepState.Empty("s1"), new StartPlan(new SweepPlan("s1", "bank", [GitRun, BankJob, Job], Settings), "", "")).State;

    private static RunStarted? Assign(ref SweepState state)
    {
        var (next, events) = Step(state, new AssignNext("node", "cpu-0"));
        state = next;
        return events.Count == 0 ? null : Assert.IsType<RunStarted>(Assert.Single(events));
    }

    private static RunResult JobResult => new(double.NaN, double.NaN, double.NaN, [], [], [], 2, 1);

    [Fact]
    public void The_bank_job_waits_for_the_generator_and_the_GIT_run_for_the_bank()
    {
        var state = Started();
        var job = Assign(ref state)!;
        Assert.Equal("job", job.RunId);
        Assert.Null(Assign(ref state));   // neither the bank job nor the GIT run may start yet

        state = Step(state, new RecordSuccess("job", job.Attempt, job.FencingToken, JobResult, Generator)).State;
        var bank = Assign(ref state)!;
        Assert.Equal("bank", bank.RunId);
        Assert.Equal(Generator, state.GeneratorFor("bank"));
        Assert.Null(Assign(ref state));   // the generator alone does not free the GIT run

        var (after, events) = Step(state, new RecordSuccess("bank", bank.Attempt, bank.FencingToken, JobResult, Bank: Bank));
        var recorded = Assert.IsType<BankRecorded>(events[0]);
        Assert.Equal(("bank", Bank.Path, Bank.Sha256, Generator.Sha256), (recorded.RunId, recorded.Path, recorded.Sha256, recorded.GeneratorSha256));
        Assert.IsType<RunCompleted>(events[1]);
        state = after;
        Assert.Equal("git", Assign(ref state)!.RunId);
        Assert.Equal(Bank, state.BankFor("git"));
        Assert.Null(state.BankFor("bank"));
    }

    [Fact]
    public void A_bank_job_that_fails_for_good_fails_the_GIT_runs_that_read_its_bank()
    {
        var state = Started();
        var job = Assign(ref state)!;
        state = Step(state, new RecordSuccess("job", job.Attempt, job.FencingToken, JobResult, Generator)).State;
        var bank = Assign(ref state)!;

        var (after, events) = Step(state, new RecordFailure("bank", bank.Attempt, bank.FencingToken, "disk full"));

        var failed = Assert.Single(events.OfType<DependencyFailed>());
        Assert.Equal(("git", "bank"), (failed.RunId, failed.DependencyRunId));
        Assert.Contains("bank job fmnist-bg-lt/o0/bank/drs/s1", failed.Reason);
        Assert.Contains("disk full", failed.Reason);
        Assert.True(after.Finished);
    }

    [Fact]
    public void A_failed_MUNIT_job_fails_the_bank_job_and_the_GIT_runs_at_once()
    {
        var state = Started();
        var job = Assign(ref state)!;

        var events = Step(state, new RecordFailure("job", job.Attempt, job.FencingToken, "NaN")).Events;

        Assert.Equal(["git", "bank"], events.OfType<DependencyFailed>().Select(d => d.RunId));
    }

    [Fact]
    public void Recovery_fails_GIT_runs_stranded_by_a_bank_job_that_ended_without_a_bank()
    {
        var state = Started();
        var job = Assign(ref state)!;
        state = Step(state, new RecordSuccess("job", job.Attempt, job.FencingToken, JobResult, Generator)).State;
        var bank = Assign(ref state)!;
        // A crash after the bank job's RunCompleted was written but before its dependents' DependencyFailed.
        state = state.Apply(new RunCompleted("s1", "bank", bank.Attempt, bank.FencingToken, JobResult, Now));

        var events = Step(state, new RecoverInterrupted()).Events;

        var failed = Assert.Single(events.OfType<DependencyFailed>());
        Assert.Equal(("git", "bank"), (failed.RunId, failed.DependencyRunId));
        Assert.Contains("without a bank", failed.Reason);
    }
}
