using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Sidecar.Proxy;

namespace Sidecar.Doctor.Checks;

/// <summary>
/// TLS to the venue's fixed upstream: a handshake with the platform's certificate validation (chain, expiry,
/// host name), the same validation the proxy uses; a WebSocket venue's wss upstream is checked the same way. Plain
/// http and ws are accepted by the validator only for loopback (tests, demos, a local fake exchange) and reported as
/// a warning, under <c>Posture:Strict</c> too: the validator already keeps them off the network.
/// </summary>
internal sealed class UpstreamTlsCheck : IVenueCheck
{
    public async Task<IReadOnlyList<CheckResult>> RunAsync(DoctorContext context, Venue venue, CancellationToken cancellationToken)
    {
        var upstream = new Uri(venue.UpstreamBase);
        if (upstream.Scheme != Uri.UriSchemeHttps && upstream.Scheme != Uri.UriSchemeWss)
        {
            var secure = upstream.Scheme == Uri.UriSchemeWs ? Uri.UriSchemeWss : Uri.UriSchemeHttps;
            return [new CheckResult("upstream.tls", venue.Name, CheckStatus.Warn, $"plain {upstream.Scheme}, allowed on loopback only ({upstream.Authority})",
                $"use the exchange's {secure} upstream in production")];
        }

        SslPolicyErrors errors = SslPolicyErrors.None;
        X509Certificate2? certificate = null;
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(upstream.DnsSafeHost, upstream.Port, cancellationToken);
            await using var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, cert, _, policyErrors) =>
            {
                errors = policyErrors;
                certificate = cert is null ? null : new X509Certificate2(cert);
                return policyErrors == SslPolicyErrors.None;
            });
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = upstream.IdnHost }, cancellationToken);
            var until = certificate?.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?";
            return [CheckResult.Pass("upstream.tls", venue.Name, $"{ssl.SslProtocol} to {upstream.Host}: certificate valid for the host until {until}")];
        }
        catch (System.Security.Authentication.AuthenticationException)
        {
            return [new CheckResult("upstream.tls", venue.Name, CheckStatus.Fail, $"TLS to {upstream.Host} failed certificate validation ({errors})",
                "check the upstream host name, the system CA store and any TLS-intercepting proxy; never disable validation")];
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return [new CheckResult("upstream.tls", venue.Name, CheckStatus.Unknown, $"could not reach {upstream.Authority}: {ex.GetType().Name}",
                "check that the upstream is reachable from this host")];
        }
        finally
        {
            certificate?.Dispose();
        }
    }
}
