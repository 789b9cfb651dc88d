using GitActors.Actors.Cluster;

namespace GitActors.Host.Cluster;

/// <summary>
/// `--tls-certificate PATH --tls-password PW --tls-ca PATH` (gitactors.cluster.tls): the same on `node` and on
/// `sweep run|resume --cluster`, since a TLS cluster lets in only members and clients that present a certificate its CA
/// signed. The password may come from GITACTORS_TLS_PASSWORD instead, out of sight of `ps`.
/// </summary>
internal sealed class TlsOptions
{
    public const string PasswordVariable = "GITACTORS_TLS_PASSWORD";

    public Option<string?> Certificate { get; } = new("--tls-certificate")
    {
        Description = "This member's certificate and key, a PKCS#12 (.pfx) file; turns on mutual TLS with the cluster (gitactors.cluster.tls.certificate)",
    };

    public Option<string?> Password { get; } = new("--tls-password")
    {
        Description = $"Password of the .pfx file (default: ${PasswordVariable}, else none)",
    };

    public Option<string?> Ca { get; } = new("--tls-ca")
    {
        Description = "The cluster's CA certificate (PEM): a peer must present a certificate it signed (gitactors.cluster.tls.trusted-ca)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Certificate);
        command.Options.Add(Password);
        command.Options.Add(Ca);
    }

    /// <summary>Paths are made absolute here, so a relative one means the same in every log line.</summary>
    public ClusterTls Of(ParseResult parse) => new(
        FullPath(parse.GetValue(Certificate)),
        parse.GetValue(Password) ?? Environment.GetEnvironmentVariable(PasswordVariable) ?? "",
        FullPath(parse.GetValue(Ca)));

    private static string FullPath(string? path) => string.IsNullOrWhiteSpace(path) ? "" : Path.GetFullPath(path);
}
