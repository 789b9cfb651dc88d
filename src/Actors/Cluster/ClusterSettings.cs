using Newtonsoft.Json;

namespace GitActors.Actors.Cluster;

/// <summary>Role names: coordinators can host the sweep coordinator singleton, trainers run a device manager.</summary>
public static class ClusterRoles
{
    public const string Coordinator = "coordinator";
    public const string Trainer = "trainer";

    /// <summary>Every `gitactors node` member has it; the split-brain resolver counts only these, so a client that
    /// joined to submit a sweep never decides which side survives.</summary>
    public const string Node = "node";

    public static IReadOnlyList<string> Parse(string roles)
    {
        var parsed = roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => r.ToLowerInvariant()).Distinct().ToList();
        foreach (var role in parsed)
            if (role is not (Coordinator or Trainer))
                throw new ArgumentException($"unknown role '{role}'; expected {Coordinator}, {Trainer} or both (comma-separated)");
        return parsed;
    }
}

/// <summary>
/// How a member joins: where it listens (127.0.0.1 unless a host is given; port 0 picks a free one), the seed nodes
/// (akka.tcp://gitactors@HOST:PORT, akka.ssl.tcp:// with TLS), its roles, how fast an unresponsive member is declared dead
/// and downed, and whether members authenticate each other with TLS (off unless a certificate is given).
/// </summary>
public sealed record ClusterSettings(
    string Host,
    int Port,
    IReadOnlyList<string> Seeds,
    IReadOnlyList<string> Roles,
    FailureDetection Detection)
{
    public const string SystemName = "gitactors";

    public ClusterTls Tls { get; init; } = ClusterTls.Off;

    public static ClusterSettings Member(int port, IReadOnlyList<string> seeds, IReadOnlyList<string> roles, string host = "127.0.0.1") =>
        new(host, port, seeds, roles.Contains(ClusterRoles.Node) ? roles : [.. roles, ClusterRoles.Node], FailureDetection.Default);

    /// <summary>A member with no roles: it hosts nothing and does not vote; it only talks to the coordinator.</summary>
    public static ClusterSettings Client(IReadOnlyList<string> seeds, string host = "127.0.0.1") =>
        new(host, 0, seeds, [], FailureDetection.Default);

    public static string SeedAddress(string host, int port) => $"akka.tcp://{SystemName}@{host}:{port}";

    public ClusterSettings WithDetection(FailureDetection detection) => this with { Detection = detection };

    /// <summary>The HOCON block hocon/cluster.conf reads (gitactors.cluster.*).</summary>
    public string ToHocon()
    {
        foreach (var seed in Seeds)
            if (!seed.StartsWith($"{Tls.Scheme}://{SystemName}@", StringComparison.Ordinal))
                throw new ArgumentException($"seed '{seed}' is not an address of this cluster; expected {Tls.Scheme}://{SystemName}@HOST:PORT" +
                                            (Tls.Enabled ? " (TLS is on)"
                                                : seed.StartsWith($"{ClusterTls.TlsScheme}://", StringComparison.Ordinal) ? " (a TLS cluster's address: give --tls-certificate and --tls-ca)" : ""));
        if (Port is < 0 or > 65535) throw new ArgumentException($"port {Port} is out of range 0..65535");
        return $$"""
            gitactors.cluster {
              host = {{JsonConvert.ToString(Host)}}
              port = {{Port}}
              seed-nodes = [{{string.Join(", ", Seeds.Select(JsonConvert.ToString))}}]
              roles = [{{string.Join(", ", Roles.Select(JsonConvert.ToString))}}]
              stable-after = {{Millis(Detection.StableAfter)}}
              heartbeat-interval = {{Millis(Detection.HeartbeatInterval)}}
              acceptable-heartbeat-pause = {{Millis(Detection.AcceptablePause)}}
            }
            {{Tls.ToHocon()}}
            """;
    }

    private static string Millis(TimeSpan t) => $"{(long)t.TotalMilliseconds}ms";
}

/// <summary>Failure detection and downing delays. Production waits longer (GC pauses, busy networks) than tests.</summary>
public sealed record FailureDetection(TimeSpan HeartbeatInterval, TimeSpan AcceptablePause, TimeSpan StableAfter)
{
    public static FailureDetection Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(20));

    /// <summary>
    /// Local test clusters: a dead member is downed within about ten seconds. The pause stays well above what CPU-bound
    /// trainers sharing two cores can starve a heartbeat for, so live members are not downed by mistake.
    /// </summary>
    public static FailureDetection Fast { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3));
}

/// <summary>The cluster layer of a member's config: hocon/cluster.conf (embedded) with the member's settings.</summary>
public static class ClusterConfig
{
    private const string Resource = "GitActors.hocon.cluster.conf";

    private static readonly Lazy<string> Template = new(() =>
    {
        var assembly = typeof(ClusterConfig).Assembly;
        using var stream = assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"embedded HOCON 'hocon/cluster.conf' is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>Settings come after the template so they override its defaults before substitution.</summary>
    public static Config Build(ClusterSettings settings) =>
        ConfigurationFactory.ParseString(Template.Value + "\n" + settings.ToHocon())
            .WithFallback(Akka.Cluster.Tools.Singleton.ClusterSingleton.DefaultConfig());
}
