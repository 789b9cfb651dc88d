using System.Runtime.Serialization;
using System.Text;
using Akka.Serialization;
using GitActors.Actors.Journal;
using Newtonsoft.Json;

namespace GitActors.Actors.Cluster;

/// <summary>
/// Serializer for messages between members and for the coordinator's events: the journal's JSON conventions
/// (EventJson: no type names, enums by name) with the manifest naming the type, and actor references written as
/// their full paths and resolved through the actor-ref provider on arrival. Only types in ClusterManifests load, and
/// a message that fails ClusterMessageValidator is refused here, before any actor sees it.
/// </summary>
public sealed class ClusterMessageSerializer : SerializerWithStringManifest
{
    public const int Id = 7342;

    private readonly JsonSerializerSettings _settings;

    public ClusterMessageSerializer(ExtendedActorSystem system) : base(system)
    {
        var json = EventJson.Settings;
        _settings = new JsonSerializerSettings
        {
            TypeNameHandling = TypeNameHandling.None,
            DateParseHandling = json.DateParseHandling,
            DateTimeZoneHandling = json.DateTimeZoneHandling,
            FloatParseHandling = json.FloatParseHandling,
            FloatFormatHandling = json.FloatFormatHandling,
            Culture = json.Culture,
            Converters = [.. json.Converters, new ActorRefConverter(system)],
        };
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => ClusterManifests.Of(o.GetType());

    public override byte[] ToBinary(object obj)
    {
        ClusterManifests.Of(obj.GetType());
        return Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(obj, _settings));
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!ClusterManifests.TryGetType(manifest, out var type))
            throw new SerializationException($"unknown cluster message manifest '{manifest}'");
        object message;
        try
        {
            message = JsonConvert.DeserializeObject(Encoding.UTF8.GetString(bytes), type, _settings)
                      ?? throw new SerializationException($"cluster message '{manifest}' is null");
        }
        catch (JsonException e)
        {
            throw new SerializationException($"cluster message '{manifest}' is not valid: {e.Message}", e);
        }
        return ClusterMessageValidator.Problem(message) is { } problem
            ? throw new SerializationException($"cluster message '{manifest}' refused: {problem}")
            : message;
    }

    /// <summary>IActorRef as its serialized path (with this member's address for local actors).</summary>
    private sealed class ActorRefConverter(ExtendedActorSystem system) : JsonConverter
    {
        public override bool CanConvert(Type objectType) => typeof(IActorRef).IsAssignableFrom(objectType);

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
        {
            if (value is IActorRef actor) writer.WriteValue(Serialization.SerializedActorPath(actor));
            else writer.WriteNull();
        }

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            reader.Value is string path ? system.Provider.ResolveActorRef(path) : ActorRefs.Nobody;
    }
}
