using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Serialization;

namespace GitActors.Host.Output;

/// <summary>The one JSON style of every --json output: camelCase, enums by name, indented.</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerSettings Settings = new()
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        Converters = { new StringEnumConverter(new CamelCaseNamingStrategy()) },
        Formatting = Formatting.Indented,
        FloatFormatHandling = FloatFormatHandling.String,
    };

    public static string Serialize(object value) => JsonConvert.SerializeObject(value, Settings);

    public static void Write(object value) => Console.Out.WriteLine(Serialize(value));
}
