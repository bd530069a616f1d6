using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// A throw-away certificate authority and server certificates made with it, for TLS upstream tests. The CA is
/// trusted only by a process started with <see cref="TrustEnvironment"/> (OpenSSL's SSL_CERT_FILE), never by the
/// machine.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _ca;
    private readonly string _directory;

    public TestCertificates(string directory)
    {
        _directory = directory;
        var request = new CertificateRequest("CN=Sidecar test CA", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaFile = Path.Combine(directory, "test-ca.pem");
        File.WriteAllText(CaFile, _ca.ExportCertificatePem());
        Directory.CreateDirectory(Path.Combine(directory, "no-system-cas"));
    }

    /// <summary>The CA certificate, PEM.</summary>
    public string CaFile { get; }

    /// <summary>Environment for a child process that trusts the test CA and nothing else.</summary>
    public IReadOnlyDictionary<string, string> TrustEnvironment => new Dictionary<string, string>
    {
        ["SSL_CERT_FILE"] = CaFile,
        ["SSL_CERT_DIR"] = Path.Combine(_directory, "no-system-cas"),
    };

    /// <summary>A server certificate issued by the test CA for <paramref name="dnsName"/> only.</summary>
    public X509Certificate2 IssuedFor(string dnsName) => Server(dnsName, issuer: true);

    /// <summary>A self-signed server certificate for <paramref name="dnsName"/>: right name, nobody vouches for it.</summary>
    public X509Certificate2 SelfSigned(string dnsName) => Server(dnsName, issuer: false);

    public void Dispose()
    {
        _ca.Dispose();
        _caKey.Dispose();
    }

    private X509Certificate2 Server(string dnsName, bool issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(7);
        using var certificate = issuer
            ? request.Create(_ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16)).CopyWithPrivateKey(key)
            : request.CreateSelfSigned(notBefore, notAfter);

        // Through PKCS#12 so SslStream gets a certificate whose key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
