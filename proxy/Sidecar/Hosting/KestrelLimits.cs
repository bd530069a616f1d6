using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sidecar.Hosting;

/// <summary>
/// Kestrel limits for a loopback sidecar that serves one bot. Kestrel's defaults are sized for public web servers;
/// these are tighter, and each says where it comes from. Requests over a limit are refused by Kestrel (400, 408,
/// 413 or 431) before Sidecar reads them, so they are never signed.
/// </summary>
internal static class KestrelLimits
{
    /// <summary>Kestrel's switch for RFC 9112 §2.2: accepting a bare LF as a line terminator is allowed, not required.</summary>
    public const string RejectBareLineFeeds = "Microsoft.AspNetCore.Server.Kestrel.DisableHttp1LineFeedTerminators";

    public static void Apply(KestrelServerLimits limits)
    {
        // Request smuggling: a bare LF ends a line for Kestrel but not for every parser a request may have crossed.
        // Kestrel reads this switch when it creates its HTTP/1.1 parser, after configuration.
        AppContext.SetSwitch(RejectBareLineFeeds, true);

        // Exchange requests carry a handful of headers; ccxt sends under 1 KiB. Kestrel's default is 32 KiB.
        limits.MaxRequestHeadersTotalSize = 16 * 1024;

        // Kestrel's default is 100; a bot sends about ten.
        limits.MaxRequestHeaderCount = 64;

        // Query strings of signed GETs stay under 2 KiB (Binance caps URLs near 8 KiB); Kestrel's default is 8 KiB.
        limits.MaxRequestLineSize = 8 * 1024;

        // Slowloris: headers must arrive within 10 s (Kestrel: 30 s) and bodies at 240 B/s after a 5 s grace
        // (Kestrel's default rate), so a trickling client cannot hold a connection open.
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));

        // Idle keep-alive connections close after 2 minutes (Kestrel's default 130 s); a bot reconnects cheaply.
        limits.KeepAliveTimeout = TimeSpan.FromMinutes(2);

        // Connection floods from a local process: a sidecar serves one bot, which needs a few dozen connections.
        // Upgraded (WebSocket) connections: none here; the proxy listener raises it to Limits:MaxWebSocketConnections.
        limits.MaxConcurrentConnections = 1024;
        limits.MaxConcurrentUpgradedConnections = 0;
    }
}
