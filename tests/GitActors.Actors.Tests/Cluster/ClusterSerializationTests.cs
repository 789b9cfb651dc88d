using GitActors.Actors.Cluster;

namespace GitActors.Actors.Tests.Cluster;

/// <summary>Messages between members are JSON with manifests, never type names; actor references travel as paths.</summary>
public sealed class ClusterSerializationTests : IAsyncLifetime
{
    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create(ClusterSettings.SystemName, ClusterNode.BuildConfig(new ClusterNodeOptions(ClusterSettings.Client([]))));
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _system.Terminate();

    [Fact]
    public void Every_manifested_type_is_bound_to_the_cluster_serializer()
    {
        foreach (var type in ClusterManifests.All.Keys)
            Assert.IsType<ClusterMessageSerializer>(_system.Serialization.FindSerializerForType(type));
    }

    [Fact]
    public void Work_and_registrations_round_trip_with_their_actor_references()
    {
        var trainer = _system.ActorOf(Props.Empty, "some-trainer");
        var serializer = (ClusterMessageSerializer)_system.Serialization.FindSerializerForType(typeof(WorkAssigned));
        var run = TestRuns.Run(7, epochs: 3) with { RunId = RunIdentity.RunId(TestRuns.Config(7, 3)) };
        var sweepId = RunIdentity.SweepId("s1", [run.RunId]);
        var checkpoint = new CheckpointRef(1, CheckpointStore.PathFor("/shared", sweepId, run.RunId, 1, 40), new string('a', 64));
        var work = new WorkAssigned(sweepId, run, 2, 41, [checkpoint]);
        var register = new RegisterTrainer(trainer, "node-b", "cpu-0");

        var workBack = (WorkAssigned)serializer.FromBinary(serializer.ToBinary(work), serializer.Manifest(work));
        var registerBack = (RegisterTrainer)serializer.FromBinary(serializer.ToBinary(register), serializer.Manifest(register));

        Assert.Equal("work-assigned.v1", serializer.Manifest(work));
        Assert.Equal(work.Run.Config, workBack.Run.Config);
        Assert.Equal((2, 41L, 1), (workBack.Attempt, workBack.FencingToken, workBack.ResumeFromEpoch));
        Assert.Equal(work.Checkpoints, workBack.Checkpoints);
        Assert.Equal(trainer, registerBack.Trainer);
        Assert.DoesNotContain("$type", Encoding.UTF8.GetString(serializer.ToBinary(work)));
    }

    [Fact]
    public void Type_names_in_a_message_are_not_honoured_and_unknown_manifests_are_refused()
    {
        var serializer = (ClusterMessageSerializer)_system.Serialization.FindSerializerForType(typeof(RequestWork));
        var hostile = """{"$type":"System.IO.FileInfo, System.IO.FileSystem","Node":"n","Device":"d"}""";
        var message = serializer.FromBinary(Encoding.UTF8.GetBytes(hostile), "request-work.v1");
        Assert.Equal(new RequestWork("n", "d"), message);
        var error = Assert.ThrowsAny<Exception>(() => serializer.FromBinary(Encoding.UTF8.GetBytes("{}"), "System.IO.FileInfo"));
        Assert.Contains("unknown cluster message manifest", error.Message);
        Assert.Throws<ArgumentException>(() => serializer.Manifest(new SweepQueuedElsewhere()));
    }

    [Fact]
    public void A_payload_for_Akkas_type_name_JSON_serializer_is_refused_and_nothing_falls_back_to_it()
    {
        // What Akka's default JSON serializer (id 1) would receive: the manifest is the .NET type to build.
        var gadget = """{"$type":"System.IO.FileInfo, System.IO.FileSystem","fileName":"/etc/passwd"}""";
        var received = Assert.ThrowsAny<Exception>(() =>
            _system.Serialization.Deserialize(Encoding.UTF8.GetBytes(gadget), TypeNameRefusingSerializer.Id, "System.IO.FileInfo, System.IO.FileSystem"));
        Assert.Contains("refused a message serialized by .NET type name ('System.IO.FileInfo, System.IO.FileSystem')", received.Message);

        // A type without a wire format cannot leave this member by type name either.
        var fallback = _system.Serialization.FindSerializerForType(typeof(SweepQueuedElsewhere));
        Assert.IsType<TypeNameRefusingSerializer>(fallback);
        var sent = Assert.ThrowsAny<Exception>(() => fallback.ToBinary(new SweepQueuedElsewhere()));
        Assert.Contains("has no cluster wire format", sent.Message);
    }

    private sealed record SweepQueuedElsewhere;
}
