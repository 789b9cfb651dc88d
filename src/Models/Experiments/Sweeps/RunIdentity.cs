using System.Security.Cryptography;
using System.Text;
using GitActors.Models;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Linq;

namespace GitActors.Models.Experiments.Sweeps;

/// <summary>
/// Stable identities: a run id is a hash of the run's canonical config, a sweep id a hash of its name and run ids,
/// so launching the same sweep again maps onto the same journal entries and never repeats finished work.
/// </summary>
public static class RunIdentity
{
    private static readonly JsonSerializer Canonical = JsonSerializer.Create(new JsonSerializerSettings
    {
        Culture = System.Globalization.CultureInfo.InvariantCulture,
        // Omitting nulls lets a new optional config field arrive without changing existing run ids.
        NullValueHandling = NullValueHandling.Ignore,
        FloatFormatHandling = FloatFormatHandling.String,
        Converters = { new StringEnumConverter() },
    });

    /// <summary>Compact JSON with keys sorted ordinally at every level, enums as names, doubles round-trippable.</summary>
    public static string CanonicalJson(RunConfig config)
    {
        // A job is identified by what it works on and how, not by the classifier fields it carries as defaults.
        object identity = config switch
        {
            { Munit: { } munit } => new { Kind = "munit", config.Data, config.Seed, Munit = munit },
            { Bank: { } bank } => new { Kind = "bank", config.Data, config.Seed, Bank = bank },
            _ => config,
        };
        var tree = JToken.FromObject(identity, Canonical);
        return Sorted(tree).ToString(Formatting.None);
    }

    /// <summary>First 16 hex digits (lower case) of SHA-256 over the canonical JSON.</summary>
    public static string RunId(RunConfig config) => Hash16(CanonicalJson(config));

    /// <summary>Depends on the name and the ordered run ids only: engine settings may change between launches.</summary>
    public static string SweepId(string name, IEnumerable<string> runIds) =>
        Hash16(name + "\n" + string.Join("\n", runIds));

    private static string Hash16(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static JToken Sorted(JToken token) => token switch
    {
        JObject obj => new JObject(obj.Properties()
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new JProperty(p.Name, Sorted(p.Value)))),
        JArray array => new JArray(array.Select(Sorted)),
        _ => token,
    };
}
