using Akka.Persistence.Sql;
using Newtonsoft.Json;

namespace GitActors.Actors.Journal;

/// <summary>
/// Akka configuration for the journal, snapshot store and read journal (Akka.Persistence.Sql), from the HOCON
/// templates in hocon/ (embedded in this assembly) plus the connection settings.
/// </summary>
public static class JournalConfig
{
    /// <summary>For the process that writes: tables are created on first use. Call JournalFile.PrepareForWriting first for SQLite.</summary>
    public static Config Build(JournalSettings settings) => Compose(settings, autoInitialize: true);

    /// <summary>For readers: never creates or alters tables, and SQLite is opened read-only.</summary>
    public static Config BuildReadOnly(JournalSettings settings) => Compose(settings.ReadOnly(), autoInitialize: false);

    private static Config Compose(JournalSettings settings, bool autoInitialize)
    {
        var template = settings.Provider switch
        {
            JournalSettings.SqliteProvider => "persistence-sqlite.conf",
            JournalSettings.PostgresProvider => "persistence-postgres.conf",
            _ => throw new ArgumentException($"unsupported journal provider '{settings.Provider}'"),
        };
        // HOCON strings use JSON escaping, so JsonConvert quotes the connection string safely.
        var prelude = $"gitactors.journal {{\n  connection-string = {JsonConvert.ToString(settings.ConnectionString)}\n" +
                      $"  auto-initialize = {(autoInitialize ? "on" : "off")}\n}}\n";
        return ConfigurationFactory.ParseString(prelude + Resource(template))
            .WithFallback(ConfigurationFactory.ParseString(Resource("journal-serialization.conf")))
            .WithFallback(SqlPersistence.DefaultConfiguration);
    }

    private static string Resource(string name)
    {
        var assembly = typeof(JournalConfig).Assembly;
        using var stream = assembly.GetManifestResourceStream($"GitActors.hocon.{name}")
            ?? throw new InvalidOperationException($"embedded HOCON 'hocon/{name}' is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
