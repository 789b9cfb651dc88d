using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor.Setup;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using Newtonsoft.Json;

namespace GitActors.Actors.Cluster;

/// <summary>
/// Optional mutual TLS between members (gitactors.cluster.tls): a member presents its certificate (a PKCS#12 file with
/// its key) and accepts a peer, in either direction, only when the peer's certificate chains to the cluster's own CA (a
/// PEM or DER file). Off while no certificate is given. With TLS on, member addresses use the akka.ssl.tcp scheme.
/// </summary>
public sealed record ClusterTls(string Certificate, string Password, string TrustedCa)
{
    public const string PlainScheme = "akka.tcp";
    public const string TlsScheme = "akka.ssl.tcp";

    public static ClusterTls Off { get; } = new("", "", "");

    public bool Enabled => Certificate.Length > 0;

    public string Scheme => Enabled ? TlsScheme : PlainScheme;

    public static ClusterTls FromConfig(Config config) => new(
        config.GetString("gitactors.cluster.tls.certificate", ""),
        config.GetString("gitactors.cluster.tls.password", ""),
        config.GetString("gitactors.cluster.tls.trusted-ca", ""));

    /// <summary>The gitactors.cluster.tls block hocon/cluster.conf defaults.</summary>
    public string ToHocon() => $$"""
        gitactors.cluster.tls {
          certificate = {{JsonConvert.ToString(Certificate)}}
          password = {{JsonConvert.ToString(Password)}}
          trusted-ca = {{JsonConvert.ToString(TrustedCa)}}
        }
        """;

    /// <summary>
    /// Reads both files, or says in one line which one is wrong (an ArgumentException: the CLI exits 2). A certificate
    /// without a CA would trust nobody (or, with the system store, every public CA), so the CA is required.
    /// </summary>
    public (X509Certificate2 Certificate, X509Certificate2 Ca) Load()
    {
        if (!Enabled)
        {
            if (TrustedCa.Length > 0) throw new ArgumentException("a TLS CA (--tls-ca, gitactors.cluster.tls.trusted-ca) needs this member's certificate too (--tls-certificate)");
            throw new InvalidOperationException("TLS is off");
        }
        if (TrustedCa.Length == 0)
            throw new ArgumentException("TLS needs the cluster's CA certificate (--tls-ca PATH, gitactors.cluster.tls.trusted-ca) besides this member's certificate");
        var certificate = Read(Certificate, "TLS certificate", path => X509CertificateLoader.LoadPkcs12FromFile(path, Password),
            "is not a PKCS#12 (.pfx) file this password opens");
        if (!certificate.HasPrivateKey)
            throw new ArgumentException($"TLS certificate '{Certificate}' has no private key: give the .pfx with this member's key");
        var ca = Read(TrustedCa, "TLS CA certificate", X509CertificateLoader.LoadCertificateFromFile, "is not an X.509 certificate (PEM or DER)");
        return (certificate, ca);
    }

    /// <summary>Fails as Load does when the files are wrong; nothing to check while TLS is off.</summary>
    public void Check()
    {
        if (!Enabled && TrustedCa.Length == 0) return;
        var (certificate, ca) = Load();
        certificate.Dispose();
        ca.Dispose();
    }

    /// <summary>The actor system of a member or client: with TLS on, its transport presents and checks certificates.</summary>
    public static ActorSystem CreateSystem(Config config)
    {
        var tls = FromConfig(config);
        tls.CheckSeeds(config.GetStringList("akka.cluster.seed-nodes", []));
        if (!tls.Enabled)
        {
            tls.Check(); // a CA alone is a mistake: say so rather than run in the clear
            return ActorSystem.Create(ClusterSettings.SystemName, config);
        }
        var (certificate, ca) = tls.Load();
        config = ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.enable-ssl = on").WithFallback(config);
        // Mutual: the accepting side asks for a certificate too. No hostname check: members are addressed by IP, and
        // membership in the cluster is what the CA vouches for.
        var ssl = new DotNettySslSetup(certificate, suppressValidation: false, requireMutualAuthentication: true,
            validateCertificateHostname: false, customValidator: TrustedBy(ca));
        return ActorSystem.Create(ClusterSettings.SystemName, BootstrapSetup.Create().WithConfig(config).And(ssl));
    }

    /// <summary>
    /// Accepts a peer certificate only when it chains to <paramref name="ca"/>: the system's trust store plays no part,
    /// so a certificate from any other CA, public ones included, is refused, as is a peer with no certificate.
    /// </summary>
    public static CertificateValidationCallback TrustedBy(X509Certificate2 ca) => (certificate, _, peer, _, log) =>
    {
        if (certificate is null)
        {
            log.Warning("TLS: refused {0}: it presented no certificate", peer);
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        // A private CA publishes no revocation list; a member is shut out by re-keying the cluster.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain.Build(certificate)) return true;
        var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());
        log.Warning("TLS: refused {0}: its certificate {1} (issued by {2}) does not chain to the cluster CA {3} ({4})",
            peer, certificate.Subject, certificate.Issuer, ca.Subject, status);
        return false;
    };

    /// <summary>A plain address cannot reach a TLS member (nor the reverse); say so instead of retrying forever.</summary>
    private void CheckSeeds(IEnumerable<string> seeds)
    {
        foreach (var seed in seeds)
            if (!seed.StartsWith($"{Scheme}://", StringComparison.Ordinal))
                throw new ArgumentException(Enabled
                    ? $"seed '{seed}' is not a TLS address; with TLS on, members are {TlsScheme}://{ClusterSettings.SystemName}@HOST:PORT"
                    : $"seed '{seed}' is a TLS address; reaching it needs --tls-certificate and --tls-ca");
    }

    private static X509Certificate2 Read(string path, string what, Func<string, X509Certificate2> load, string unreadable)
    {
        if (!File.Exists(path)) throw new ArgumentException($"{what} '{path}' does not exist");
        try
        {
            return load(path);
        }
        catch (CryptographicException error)
        {
            throw new ArgumentException($"{what} '{path}' {unreadable} ({error.Message.TrimEnd('.')})", error);
        }
    }
}
