using Akka.Serialization;

namespace GitActors.Actors.Journal;

/// <summary>
/// Akka serializer for the journal: UTF-8 JSON of each event's persisted record (Schema) with short versioned
/// manifests (EventManifests).
/// Bound to ISweepEvent in hocon/journal-serialization.conf.
/// </summary>
public sealed class EventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 7341;

    public override int Identifier => Id;

    public override string Manifest(object o) => EventManifests.Of(o.GetType());

    public override byte[] ToBinary(object obj) => EventJson.ToBytes((ISweepEvent)obj);

    public override object FromBinary(byte[] bytes, string manifest) => EventJson.FromBytes(bytes, manifest);
}
