using System.Security.Cryptography.X509Certificates;

namespace Sidecar.Injector.Hosting;

/// <summary>
/// The serving certificate from PEM files (a kubernetes.io/tls Secret's tls.crt and tls.key), re-read when either
/// file changes, so a certificate cert-manager renews is served without a restart. A half-written pair (the Secret
/// volume is mid-update) keeps the previous certificate until the next handshake.
/// </summary>
internal sealed class CertificateFiles
{
    private readonly string _certificateFile;
    private readonly string _keyFile;
    private readonly Lock _lock = new();
    private X509Certificate2? _current;
    private (DateTime Certificate, DateTime Key) _stamp;

    public CertificateFiles(string certificateFile, string keyFile)
    {
        _certificateFile = certificateFile;
        _keyFile = keyFile;
        _ = Current; // Fail at start-up, not at the first handshake, when the files are unusable.
    }

    public X509Certificate2 Current
    {
        get
        {
            lock (_lock)
            {
                var stamp = (File.GetLastWriteTimeUtc(_certificateFile), File.GetLastWriteTimeUtc(_keyFile));
                if (_current is not null && stamp == _stamp)
                {
                    return _current;
                }

                try
                {
                    _current = X509Certificate2.CreateFromPemFile(_certificateFile, _keyFile);
                    _stamp = stamp;
                }
                catch (Exception ex) when (_current is not null && ex is IOException or System.Security.Cryptography.CryptographicException or ArgumentException)
                {
                    // Keep serving the previous certificate; the next handshake tries again.
                }

                return _current;
            }
        }
    }
}
