using System.Text;
using Akka.Actor;
using GitActors.Actors.Cluster;
using GitActors.Actors.Sweeps;
using GitActors.Actors.Tests.Engine;
using GitActors.Models.Experiments.Events;
using GitActors.Models.Experiments.Protocol;
using GitActors.Models.Experiments.Sweeps;

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
        var work = new WorkAssigned("s1", TestRuns.Run(7, epochs: 3), 2, 41, [new CheckpointRef(1, "/shared/c1.pt", "ab12")]);
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

    private sealed record SweepQueuedElsewhere;
}
