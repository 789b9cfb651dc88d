using System.Runtime.Serialization;
using GitActors.Actors.Cluster;

namespace GitActors.Actors.Tests.Cluster;

/// <summary>
/// What arrives from another member passes ClusterMessageValidator in the serializer, before any actor sees it:
/// ids in RunIdentity's format, files inside their sweep's and run's folders, bounded text, and plans whose ids are
/// the hashes of their content. Each message below is written by this member and read back as a peer's would be.
/// </summary>
public sealed class ClusterMessageValidationTests : IAsyncLifetime
{
    private const string Root = "/shared/out";
    private static readonly string Sha = new('c', 64);
    private static readonly PlannedRun Run = TestRuns.Run(3, epochs: 4) with { RunId = RunIdentity.RunId(TestRuns.Config(3, 4)) };
    private static readonly string SweepId = RunIdentity.SweepId("peers", [Run.RunId]);

    private ActorSystem _system = null!;
    private ClusterMessageSerializer _serializer = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create(ClusterSettings.SystemName, ClusterNode.BuildConfig(new ClusterNodeOptions(ClusterSettings.Client([]))));
        _serializer = (ClusterMessageSerializer)_system.Serialization.FindSerializerForType(typeof(EpochReport));
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _system.Terminate();

    private object Arrive(object message) => _serializer.FromBinary(_serializer.ToBinary(message), _serializer.Manifest(message));

    private void Refused(object message, string reason) =>
        Assert.Contains(reason, Assert.Throws<SerializationException>(() => Arrive(message)).Message);

    private static EpochReport Epoch(string? path = null, string sweepId = "", string runId = "", int epoch = 3, long token = 9, string? sha = null) =>
        new(sweepId == "" ? SweepId : sweepId, runId == "" ? Run.RunId : runId, 2, token, new EpochSummary(epoch, 0.5, 0.1, 0.4, 100, 3),
            path ?? CheckpointStore.PathFor(Root, SweepId, Run.RunId, epoch, token), sha ?? Sha);

    [Fact]
    public void An_epoch_report_is_used_only_with_its_ids_and_the_checkpoint_file_its_attempt_must_write()
    {
        Assert.Equal(Epoch(), Arrive(Epoch()));

        Refused(Epoch(sweepId: "../../etc"), "sweep id '../../etc' is not 16 lower-case hex digits");
        Refused(Epoch(runId: "RUN-1"), "run id 'RUN-1' is not 16 lower-case hex digits");
        Refused(Epoch(token: 0, path: CheckpointStore.PathFor(Root, SweepId, Run.RunId, 3, 0)), "fencing token 0 is not positive");
        Refused(Epoch(path: CheckpointStore.PathFor(Root, SweepId, Run.RunId, 2, 9)), "is not named epoch-0003.t9.ckpt");
        Refused(Epoch(path: CheckpointStore.PathFor(Root, SweepId, Run.RunId, 3, 8)), "is not named epoch-0003.t9.ckpt");
        Refused(Epoch(path: $"{Root}/checkpoints/{SweepId}/{Run.RunId}/../../../../etc/epoch-0003.t9.ckpt"), "steps out of its folder");
        Refused(Epoch(path: CheckpointStore.PathFor(Root, SweepId, "0123456789abcdef", 3, 9)), $"is not under checkpoints/{SweepId}/{Run.RunId}/");
        Refused(Epoch(sha: "00"), "checkpoint hash '00' is not a SHA-256");
    }

    [Fact]
    public void A_success_may_name_only_files_of_its_own_job()
    {
        var generator = new GeneratorRef(Run.RunId, CheckpointStore.ArtifactPath(Root, SweepId, Run.RunId, 9, "generator.munit"), Sha);
        var success = new RunSucceeded(SweepId, Run.RunId, 1, 9, TestRuns.Result(4), generator);
        Assert.Equal(generator, ((RunSucceeded)Arrive(success)).Generator);

        Refused(success with { Generator = generator with { Path = "/etc/passwd" } }, "is not under artifacts/");
        Refused(success with { Generator = generator with { JobRunId = "0123456789abcdef" } }, "generator of job 0123456789abcdef reported by run");
        Refused(success with { Bank = new BankRef(Run.RunId, $"{Root}/artifacts/{SweepId}/{Run.RunId}/t9/../../x.bank", Sha) }, "steps out of its folder");
    }

    [Fact]
    public void An_assignment_names_only_checkpoints_of_its_run()
    {
        var good = new CheckpointRef(2, CheckpointStore.PathFor(Root, SweepId, Run.RunId, 2, 5), Sha);
        var work = new WorkAssigned(SweepId, Run, 2, 6, [good]);
        Assert.Equal([good], ((WorkAssigned)Arrive(work)).Checkpoints);
        Refused(work with { Checkpoints = [good with { Path = "/root/.ssh/id_rsa" }] }, "is not under checkpoints/");
    }

    [Fact]
    public void A_submitted_plan_is_refused_unless_its_ids_are_the_hashes_of_its_content()
    {
        var plan = new SweepPlan(SweepId, "peers", [Run], EngineSettings.Default);
        var submit = new SubmitSweep(plan, "sweep.conf", "sweep { }");
        Assert.Equal(Run, Assert.Single(((SubmitSweep)Arrive(submit)).Plan.Runs));

        var otherConfig = Run with { Config = TestRuns.Config(4, 4) };
        Refused(submit with { Plan = plan with { Runs = [otherConfig] } }, $"run id {Run.RunId} is not the hash of its configuration");
        Refused(submit with { Plan = plan with { Name = "renamed" } }, $"sweep id {SweepId} is not the hash of its name and runs");
        Refused(submit with { Plan = plan with { SweepId = "x" } }, "sweep id 'x' is not 16 lower-case hex digits");
        Refused(submit with { Plan = plan with { Runs = [] } }, "has no runs");
        Refused(submit with { Plan = plan with { Runs = [Run with { MunitJob = "0123456789abcdef" }] } }, "names MUNIT job 0123456789abcdef, which the plan lacks");
    }

    [Fact]
    public void Text_from_a_peer_is_bounded()
    {
        var error = new RunErrored(SweepId, Run.RunId, 1, 9, new string('x', PeerInput.MaxTextLength));
        Assert.Equal(error, Arrive(error));
        Refused(error with { Reason = new string('x', PeerInput.MaxTextLength + 1) }, $"reason is longer than {PeerInput.MaxTextLength} characters");
        var fault = new AttemptFaulted(SweepId, Run.RunId, 1, 9, "IOException: No space left on device");
        Assert.Equal(fault, Arrive(fault));
        Refused(fault with { Reason = new string('x', PeerInput.MaxTextLength + 1) }, $"reason is longer than {PeerInput.MaxTextLength} characters");
        Refused(fault with { RunId = "../etc" }, "run id '../etc' is not 16 lower-case hex digits");
        Refused(new RequestWork(new string('n', PeerInput.MaxTextLength + 1), "cpu-0"), "node is longer than");
    }
}
