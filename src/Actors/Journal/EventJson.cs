using System.Runtime.Serialization;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace GitActors.Actors.Journal;

/// <summary>
/// The JSON form of journal events: plain property names, enums as names, no type names anywhere (the manifest
/// says the type), so the journal stays readable and safe to load. Events are written and read as their persisted
/// records (EventManifests, Schema), never as the domain records. The settings are shared by the exports.
/// </summary>
public static class EventJson
{
    public static JsonSerializerSettings Settings { get; } = new()
    {
        TypeNameHandling = TypeNameHandling.None,
        DateParseHandling = DateParseHandling.DateTimeOffset,
        DateTimeZoneHandling = DateTimeZoneHandling.RoundtripKind,
        FloatParseHandling = FloatParseHandling.Double,
        // NaN can appear in a diverged run's metrics; JSON has no literal for it.
        FloatFormatHandling = FloatFormatHandling.String,
        Culture = System.Globalization.CultureInfo.InvariantCulture,
        Converters = { new StringEnumConverter() },
    };

    public static string ToJson(object value, Formatting formatting = Formatting.None) =>
        JsonConvert.SerializeObject(value, formatting, Settings);

    /// <summary>The bytes the journal stores for the event: its persisted record's JSON.</summary>
    public static byte[] ToBytes(ISweepEvent evt) => Encoding.UTF8.GetBytes(ToJson(EventManifests.FormOf(evt.GetType()).ToPersisted(evt)));

    /// <summary>Reads the event the manifest names; an unknown manifest or malformed JSON is a SerializationException.</summary>
    public static ISweepEvent FromBytes(byte[] bytes, string manifest)
    {
        if (!EventManifests.TryGetForm(manifest, out var form))
            throw new SerializationException(
                $"unknown journal manifest '{manifest}'; this build knows: {string.Join(", ", EventManifests.All.Values)}");
        try
        {
            var persisted = JsonConvert.DeserializeObject(Encoding.UTF8.GetString(bytes), form.Persisted, Settings)
                ?? throw new SerializationException($"journal event '{manifest}' is null");
            return form.ToDomain(persisted);
        }
        catch (JsonException e)
        {
            throw new SerializationException($"journal event '{manifest}' is not valid: {e.Message}", e);
        }
    }
}
