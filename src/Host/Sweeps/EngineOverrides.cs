using Akka.Configuration;

namespace GitActors.Host.Sweeps;

/// <summary>
/// The engine configuration a sweep command adds over the shipped defaults: quieter Akka logging (progress owns the
/// terminal), then the user's HOCON file, then the command-line flags, each layer winning over the ones before.
/// </summary>
internal sealed record EngineOverrides(string? ConfigFile = null, int? CpuSlots = null, int? ThreadsPerSlot = null)
{
    private const string CliDefaults = "akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING";

    public Config Build()
    {
        var config = ConfigurationFactory.ParseString(CliDefaults);
        if (ConfigFile is { } file)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"{file}: no such engine config file", file);
            try { config = ConfigurationFactory.ParseString(File.ReadAllText(file)).WithFallback(config); }
            catch (Exception e) when (e is not IOException) { throw new ArgumentException($"{file}: not valid HOCON: {e.Message}", e); }
        }
        if (CpuSlots is { } slots)
        {
            if (slots < 1) throw new ArgumentException($"--cpu-slots must be at least 1, got {slots}");
            config = ConfigurationFactory.ParseString($"gitactors.devices.cpu-slots = {slots}").WithFallback(config);
        }
        if (ThreadsPerSlot is { } threads)
        {
            if (threads < 0) throw new ArgumentException($"--threads-per-slot must be 0 (automatic) or more, got {threads}");
            config = ConfigurationFactory.ParseString($"gitactors.devices.threads-per-slot = {threads}").WithFallback(config);
        }
        return config;
    }
}
