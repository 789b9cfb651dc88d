using System.Runtime.Serialization;
using Akka.Serialization;

namespace GitActors.Actors.Cluster;

/// <summary>
/// Stands in for Akka's default JSON serializer (identifier 1) on cluster members. That serializer resolves whatever
/// .NET type name the sender wrote and builds it, so any peer that can reach the port could have a member construct a
/// type of its choosing. Every message the cluster needs has its own binding (ClusterManifests, Akka's protobuf
/// serializers), so anything that would have fallen back to type names is refused instead, sending and receiving.
/// The manifest is taken as a string and never resolved to a type.
/// </summary>
public sealed class TypeNameRefusingSerializer : SerializerWithStringManifest
{
    public TypeNameRefusingSerializer(ExtendedActorSystem system) : base(system) { }

    /// <summary>Akka builds the serializer named "json" with its settings section (serialization-settings.json), unused here.</summary>
    public TypeNameRefusingSerializer(ExtendedActorSystem system, Config settings) : base(system) { }

    /// <summary>The default JSON serializer's identifier, so payloads that name it arrive here.</summary>
    public const int Id = 1;

    public override int Identifier => Id;

    public override string Manifest(object o) => throw Refused(o.GetType().FullName ?? o.GetType().Name);

    public override byte[] ToBinary(object obj) => throw Refused(obj.GetType().FullName ?? obj.GetType().Name);

    public override object FromBinary(byte[] bytes, string manifest) =>
        throw new SerializationException($"refused a message serialized by .NET type name ('{Shorten(manifest)}'): cluster messages carry versioned manifests only");

    private static SerializationException Refused(string type) =>
        new($"{type} has no cluster wire format (ClusterManifests); it would travel as a .NET type name, which members refuse");

    private static string Shorten(string manifest) => manifest.Length <= 200 ? manifest : manifest[..200] + "...";
}
