using System.Diagnostics;
using System.Net;
using System.Security.Authentication;

namespace Sidecar.Proxy;

/// <summary>The one HTTP client every venue forwards through.</summary>
internal static class UpstreamClient
{
    public static HttpMessageInvoker Create(bool propagateTraceContext = false) => new(new OneWriteBodyHandler(new SocketsHttpHandler
    {
        // Never through an environment proxy, never following a redirect to another host (a redirected signed
        // request would hand the signature to whoever answers there), no cookies, bodies passed through as-is.
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,

        // No W3C trace headers to the exchange unless Telemetry:PropagateTraceContext asks for them. Null rather
        // than a no-output propagator: the handler then leaves its diagnostics stage out of every request.
        ActivityHeadersPropagator = propagateTraceContext ? DistributedContextPropagator.CreateDefaultPropagator() : null,
        ConnectTimeout = TimeSpan.FromSeconds(5),

        // Re-resolve exchange DNS now and then: exchanges move their edges.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        EnableMultipleHttp2Connections = true,

        // Certificate validation stays the platform default: always on, no override.
        SslOptions = { EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 },
    }), disposeHandler: true);
}
