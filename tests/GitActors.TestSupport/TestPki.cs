using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GitActors.TestSupport;

/// <summary>
/// Certificates made at run time with .NET's CertificateRequest (no openssl in the tests): the cluster's CA and a
/// second, unrelated CA, written as the files `gitactors node` reads (CA: PEM; a member: PKCS#12 with its key).
/// </summary>
public sealed class TestPki
{
    public const string Password = "test-pfx-password";

    private readonly string _folder;
    private readonly X509Certificate2 _clusterCa;
    private readonly X509Certificate2 _otherCa;

    public TestPki(string folder)
    {
        _folder = Directory.CreateDirectory(Path.Combine(folder, "pki")).FullName;
        _clusterCa = CreateCa("GitActors test cluster CA");
        _otherCa = CreateCa("Some other CA");
        ClusterCa = Path.Combine(_folder, "cluster-ca.pem");
        File.WriteAllText(ClusterCa, _clusterCa.ExportCertificatePem());
    }

    /// <summary>The cluster CA's certificate (PEM), what every member trusts.</summary>
    public string ClusterCa { get; }

    /// <summary>`node` options for a member whose certificate the cluster CA signed.</summary>
    public string[] Member(string name) => Options(Issue(_clusterCa, name));

    /// <summary>`node` options for a stranger: a certificate from another CA, trusting the cluster CA like a member.</summary>
    public string[] Stranger(string name) => Options(Issue(_otherCa, name));

    private string[] Options(string pfx) => ["--tls-certificate", pfx, "--tls-password", Password, "--tls-ca", ClusterCa];

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>A member certificate for 127.0.0.1, usable on both ends of a connection, as a .pfx file.</summary>
    private string Issue(X509Certificate2 ca, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client authentication
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        var path = Path.Combine(_folder, name + ".pfx");
        File.WriteAllBytes(path, withKey.Export(X509ContentType.Pkcs12, Password));
        return path;
    }
}
