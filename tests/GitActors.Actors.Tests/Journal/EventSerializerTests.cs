using System.Runtime.Serialization;

namespace GitActors.Actors.Tests.Journal;

public class EventSerializerTests : Akka.TestKit.Xunit2.TestKit
{
    public EventSerializerTests()
        : base(JournalConfig.Build(JournalSettings.Sqlite(Path.Combine(Path.GetTempPath(), "unused-journal.db")))) { }

    public static TheoryData<string> EventTypes() => new(SampleEvents.All().Select(e => e.GetType().Name));

    private static ISweepEvent Sample(string typeName) => SampleEvents.All().Single(e => e.GetType().Name == typeName);

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Every_event_round_trips_through_the_configured_serializer(string typeName)
    {
        var original = Sample(typeName);
        var serializer = Sys.Serialization.FindSerializerFor(original);
        Assert.IsType<EventSerializer>(serializer);
        Assert.Equal(7341, serializer.Identifier);

        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, original);
        var copy = Sys.Serialization.Deserialize(serializer.ToBinary(original), serializer.Identifier, manifest);

        Assert.IsType(original.GetType(), copy);
        Structural.AssertEqual(original, copy);
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Json_names_no_types_and_writes_enums_as_names(string typeName)
    {
        var json = Encoding.UTF8.GetString(new EventSerializer((ExtendedActorSystem)Sys).ToBinary(Sample(typeName)));

        Assert.DoesNotContain("$type", json);
        Assert.DoesNotContain("GitActors", json);
        if (typeName is nameof(SweepStarted)) Assert.Contains("\"Model\":\"ResNet20\"", json);
    }

    [Fact]
    public void Every_event_type_has_a_distinct_versioned_manifest()
    {
        var eventTypes = typeof(ISweepEvent).Assembly.GetTypes()
            .Where(t => typeof(ISweepEvent).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .ToList();

        Assert.Equal(14, eventTypes.Count);
        Assert.Equal(eventTypes.OrderBy(t => t.Name), EventManifests.All.Keys.OrderBy(t => t.Name));
        Assert.All(EventManifests.All.Values, m => Assert.Matches(@"^[a-z]+(-[a-z]+)*\.v[0-9]+$", m));
        Assert.Equal(EventManifests.All.Count, EventManifests.All.Values.Distinct().Count());
        Assert.Equal("run-completed.v1", new EventSerializer((ExtendedActorSystem)Sys).Manifest(SampleEvents.All()[5]));
    }

    [Fact]
    public void An_unknown_manifest_is_a_serialization_error_naming_it()
    {
        var serializer = new EventSerializer((ExtendedActorSystem)Sys);

        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "run-teleported.v9"));

        Assert.Contains("run-teleported.v9", error.Message);
    }

    [Fact]
    public void Malformed_json_is_a_serialization_error_naming_the_manifest()
    {
        var error = Assert.Throws<SerializationException>(() => EventJson.FromBytes("{\"RunId\": [1,"u8.ToArray(), "run-queued.v1"));

        Assert.Contains("run-queued.v1", error.Message);
    }

    [Fact]
    public void Tagger_tags_by_sweep_by_run_and_for_all_sweeps()
    {
        var tagged = Assert.IsType<Akka.Persistence.Journal.Tagged>(new SweepTagger().ToJournal(SampleEvents.All("s1", "r1")[1]));
        var sweepOnly = Assert.IsType<Akka.Persistence.Journal.Tagged>(new SweepTagger().ToJournal(SampleEvents.All("s1", "r1")[^1]));

        Assert.Equal(["gitactors", "run:r1", "sweep:s1"], tagged.Tags.Order());
        Assert.Equal(["gitactors", "sweep:s1"], sweepOnly.Tags.Order());
        Assert.Equal("sweep-s1", JournalNames.SweepPersistenceId("s1"));
    }
}
