using GitActors.Models.Experiments.Faults;

namespace GitActors.Actors.Hosting;

/// <summary>
/// Builds the engine's ActorSystem from layered HOCON: overrides (the user's file, the command line) over the
/// persistence config (JournalConfig.Build) over the defaults embedded in this assembly (hocon/gitactors.conf).
/// </summary>
public static class EngineSystem
{
    private const string DefaultsResource = "GitActors.Actors.gitactors.conf";

    private static readonly Lazy<Config> Defaults = new(LoadDefaults);

    /// <summary>hocon/gitactors.conf as shipped.</summary>
    public static Config DefaultConfig => Defaults.Value;

    /// <summary>In-memory journal and snapshot store: nothing survives the process (tests, dry runs).</summary>
    public static Config InMemoryPersistence { get; } = ConfigurationFactory.ParseString("""
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """);

    public static Config BuildConfig(Config? persistence = null, Config? overrides = null)
    {
        var config = DefaultConfig;
        if (persistence is not null) config = persistence.WithFallback(config);
        if (overrides is not null) config = overrides.WithFallback(config);
        return config;
    }

    public static ActorSystem Create(string name = "gitactors", Config? persistence = null, Config? overrides = null) =>
        ActorSystem.Create(name, BuildConfig(persistence, overrides));

    private static Config LoadDefaults()
    {
        using var stream = typeof(EngineSystem).Assembly.GetManifestResourceStream(DefaultsResource)
            ?? throw new InvalidOperationException($"embedded resource {DefaultsResource} is missing from {typeof(EngineSystem).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
