using System.Reflection;
using GitActors.Actors.Journal.Schema;

namespace GitActors.Actors.Tests.Journal;

/// <summary>
/// The journal owns its schema: persisted records use nothing from Models but the enums listed here (stored by name),
/// and each mirrors a domain record field for field, so a field added to a Models or event record fails here instead of
/// silently changing, or silently not storing, what is persisted. The fix is a decision: map the new field into a new
/// manifest version (new persisted record and an upcaster), or leave it out of the journal and say why here.
/// </summary>
public sealed class SchemaGuardTests
{
    private static readonly HashSet<Type> Allowed =
    [
        typeof(string), typeof(int), typeof(long), typeof(double), typeof(bool), typeof(DateTimeOffset),
        typeof(ModelKind), typeof(LossKind), typeof(TrainRule), typeof(AugmentKind), typeof(LrPolicy), typeof(MunitTranslation),
    ];

    private static readonly string SchemaNamespace = typeof(PersistedForm).Namespace!;

    /// <summary>The persisted event records and every schema record they reach.</summary>
    private static IReadOnlyList<Type> PersistedRecords()
    {
        var seen = new List<Type>();
        var pending = new Queue<Type>(EventManifests.Forms.Select(f => f.Persisted));
        while (pending.TryDequeue(out var type))
        {
            if (seen.Contains(type)) continue;
            seen.Add(type);
            foreach (var property in Properties(type))
                if (Unwrap(property.PropertyType) is { } inner && inner.Namespace == SchemaNamespace) pending.Enqueue(inner);
        }
        return seen;
    }

    private static Type Unwrap(Type type) =>
        type.IsArray ? Unwrap(type.GetElementType()!) : Nullable.GetUnderlyingType(type) is { } underlying ? underlying : type;

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract");

    [Fact]
    public void Persisted_records_use_only_schema_records_and_the_listed_value_types()
    {
        var outside = PersistedRecords()
            .SelectMany(type => Properties(type).Select(p => (Where: $"{type.Name}.{p.Name}", Type: Unwrap(p.PropertyType))))
            .Where(p => p.Type.Namespace != SchemaNamespace && !Allowed.Contains(p.Type))
            .Select(p => $"{p.Where}: {p.Type.FullName}")
            .ToList();

        Assert.True(outside.Count == 0, "persisted records reference types the journal does not own:\n" + string.Join("\n", outside));
        Assert.All(PersistedRecords(), type => Assert.True(type.IsSealed && type.GetMethod("<Clone>$") is not null, $"{type.Name} is not a sealed record"));
    }

    [Fact]
    public void Each_persisted_record_mirrors_its_domain_record_field_for_field()
    {
        var domainTypes = typeof(RunConfig).Assembly.GetTypes().ToLookup(t => t.Name);
        var differences = new List<string>();
        foreach (var persisted in PersistedRecords())
        {
            Assert.EndsWith("V1", persisted.Name);
            var domain = Assert.Single(domainTypes[persisted.Name[..^2]]);
            var stored = Properties(persisted).Select(p => p.Name).ToList();
            var fields = Properties(domain).Select(p => p.Name).ToList();
            if (!stored.SequenceEqual(fields))
                differences.Add($"{domain.FullName} has ({string.Join(", ", fields)}), {persisted.Name} stores ({string.Join(", ", stored)})");
        }

        Assert.True(differences.Count == 0, "a domain record changed shape; decide what the journal stores:\n" + string.Join("\n", differences));
    }
}
