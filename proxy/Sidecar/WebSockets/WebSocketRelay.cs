using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sidecar.Alerts;
using Sidecar.Audit;
using Sidecar.Logging;
using Sidecar.Proxy;
using Sidecar.Signing.Policy;
using Sidecar.Signing.WebSockets;
using Sidecar.Telemetry;

namespace Sidecar.WebSockets;

/// <summary>Which way a frame went.</summary>
internal enum Direction
{
    ToExchange,
    ToBot,
}

/// <summary>
/// Serves WebSocket upgrades to WebSocket venues (a venue whose <c>Upstream</c> is <c>wss://</c>, or <c>ws://</c> on
/// loopback): <c>ws://{Listen}/{venue}/{upstream path}[?query]</c> opens <c>{Upstream}/{upstream path}[?query]</c>,
/// the host always from the configuration. The upgrade has passed the same admission as a REST request (loopback
/// Host, peer UID, no <c>Origin</c>); the upstream connection is made before the bot's is accepted, so a bot whose
/// exchange cannot be reached gets an HTTP 502 like a REST request. No compression on either leg: compression
/// next to secrets invites CRIME/BREACH.
/// </summary>
internal sealed partial class WebSocketRelay
{
    private static readonly UpDownCounter<long> Connections = SidecarTelemetry.Meter.CreateUpDownCounter<long>(
        "sidecar.websocket.connections", "{connection}", "Open WebSocket connections, per venue");

    private static readonly Counter<long> Frames = SidecarTelemetry.Meter.CreateCounter<long>(
        "sidecar.websocket.frames", "{frame}", "WebSocket frames, per venue, direction (to_exchange, to_bot) and decision");

    private readonly HttpMessageInvoker _client;
    private readonly AlertSink _alerts;
    private readonly CancellationToken _stopping;
    private int _open;

    public WebSocketRelay(WebSocketSettings settings, HttpMessageInvoker client, TimeProvider clock, SigningStatistics statistics, AuditSink audit,
        AlertSink alerts, IHostApplicationLifetime lifetime, ILogger<WebSocketRelay> logger)
    {
        Settings = settings;
        _client = client;
        Clock = clock;
        Statistics = statistics;
        Audit = audit.Log;
        _alerts = alerts;
        _stopping = lifetime.ApplicationStopping;
        Logger = logger;
    }

    public WebSocketSettings Settings { get; }

    public TimeProvider Clock { get; }

    public SigningStatistics Statistics { get; }

    public AuditLog? Audit { get; }

    public ILogger Logger { get; }

    /// <summary>WebSocket connections open now (readiness, shutdown).</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>
    /// Connects upstream, accepts the bot, and relays until either side ends. Returns a refusal (the HTTP answer)
    /// instead when the upgrade cannot be served; nothing is relayed then.
    /// </summary>
    public async Task<(int Status, string Code, string Message)?> RelayAsync(HttpContext context, RouteMatch route)
    {
        var venue = route.Venue;
        if (Interlocked.Increment(ref _open) > Settings.MaxConnections)
        {
            Interlocked.Decrement(ref _open);
            return (StatusCodes.Status503ServiceUnavailable, ErrorCodes.RateLimited,
                $"already {Settings.MaxConnections} WebSocket connections open (Limits:MaxWebSocketConnections)");
        }

        try
        {
            var upstream = new ClientWebSocket();
            upstream.Options.KeepAliveInterval = Settings.KeepAliveInterval;
            upstream.Options.KeepAliveTimeout = Settings.KeepAliveTimeout;
            var uri = UpstreamUri(venue.UpstreamBase, route.Path, route.Query);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
                timeout.CancelAfter(Settings.ConnectTimeout);
                await upstream.ConnectAsync(uri, _client, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or OperationCanceledException)
            {
                upstream.Dispose();
                Log.UpstreamFailed(Logger, venue.Name, route.Path, ex.Message);
                var tls = ex.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }
                    || ex is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError };
                return (StatusCodes.Status502BadGateway, tls ? ErrorCodes.UpstreamTls : ErrorCodes.UpstreamUnavailable,
                    tls ? $"the TLS certificate of venue '{venue.Name}' did not verify; nothing was sent"
                        : $"venue '{venue.Name}' could not be reached over WebSocket; nothing was sent");
            }

            using (upstream)
            {
                using var bot = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
                {
                    DangerousEnableCompression = false,
                    KeepAliveInterval = Settings.KeepAliveInterval,
                    KeepAliveTimeout = Settings.KeepAliveTimeout,
                });
                Connections.Add(1, new TagList { { "venue", venue.Name } });
                Log.Opened(Logger, venue.Name, route.Path);
                try
                {
                    await new RelayConnection(this, venue, route.Path, bot, upstream).RunAsync(_stopping);
                }
                finally
                {
                    Connections.Add(-1, new TagList { { "venue", venue.Name } });
                    Log.Closed(Logger, venue.Name, route.Path, bot.CloseStatus?.ToString() ?? bot.State.ToString(), upstream.CloseStatus?.ToString() ?? upstream.State.ToString());
                }
            }

            return null;
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    /// <summary>
    /// One audit record of a frame (signed or forwarded on the account's behalf: its intent, before it leaves; refused
    /// or failed), in the same chain as REST. Its sequence number; 0 without an audit log or when it could not be written.
    /// </summary>
    public long Record(Venue venue, string path, string method, string? id, string decision, string? rule, OrderFields? order, string? signedSha256, string? hsm) =>
        Audit?.Append(new AuditRecord
        {
            Time = Clock.GetUtcNow(),
            Venue = venue.Name,
            Method = WebSocketAdapter.FrameMethod,
            Path = path + " " + method,
            RequestId = id,
            KeyLabel = venue.Credentials.Key.Label,
            Decision = decision,
            Rule = rule,
            Order = order,
            SignedSha256 = signedSha256,
            Hsm = hsm,
        }) ?? 0;

    /// <summary>
    /// What became of the frame recorded at <paramref name="intent"/>: the exchange's answer (its status), or
    /// <c>unknown</c> when the connection ended first.
    /// </summary>
    public void RecordAnswer(Venue venue, string path, string method, string id, long intent, int? status, string outcome) =>
        Audit?.AppendSoon(new AuditRecord
        {
            Time = Clock.GetUtcNow(),
            Ref = intent,
            Venue = venue.Name,
            Method = WebSocketAdapter.FrameMethod,
            Path = path + " " + method,
            RequestId = id,
            KeyLabel = venue.Credentials.Key.Label,
            Decision = AuditDecisions.Answered,
            UpstreamStatus = status,
            Outcome = outcome,
        });

    public void CountFrame(string venue, Direction direction, string decision) =>
        Frames.Add(1, new TagList { { "venue", venue }, { "direction", direction == Direction.ToBot ? "to_bot" : "to_exchange" }, { "decision", decision } });

    /// <summary>The same refusal metrics and alerts as a refused REST request.</summary>
    public void CountRefusal(string venue, FrameError error, string? rule)
    {
        if (error == FrameError.PolicyDenied)
        {
            SidecarTelemetry.PolicyRefusals.Add(1, new TagList { { "venue", venue }, { "rule", rule ?? error.Name } });
            _alerts.CountRefusal(venue, rule ?? error.Name);
            if (rule == "category withdrawal")
            {
                _alerts.Raise(AlertEvents.WithdrawalAttempt, "critical", venue,
                    $"a withdrawal over WebSocket through venue '{venue}' was refused: the bot should never ask for one");
            }
        }
        else if (error == FrameError.RateLimited)
        {
            SidecarTelemetry.RateLimitRefusals.Add(1, new TagList { { "venue", venue }, { "limit", rule ?? error.Name } });
        }
    }

    private static Uri UpstreamUri(string upstreamBase, string path, string query) =>
        new(query.Length == 0 ? upstreamBase + path : upstreamBase + path + "?" + query);

    private static partial class Log
    {
        [LoggerMessage(EventIds.WebSocketOpened, LogLevel.Information, "WebSocket opened on venue {Venue} to {Path}")]
        public static partial void Opened(ILogger logger, string venue, string path);

        [LoggerMessage(EventIds.WebSocketClosed, LogLevel.Information, "WebSocket closed on venue {Venue} to {Path} (bot: {Bot}, exchange: {Exchange})")]
        public static partial void Closed(ILogger logger, string venue, string path, string bot, string exchange);

        [LoggerMessage(EventIds.WebSocketUpstreamFailed, LogLevel.Warning, "WebSocket to venue {Venue} ({Path}) could not be opened: {Reason}")]
        public static partial void UpstreamFailed(ILogger logger, string venue, string path, string reason);
    }
}

/// <summary>The WebSocket relay's limits, from <c>Limits</c>.</summary>
internal sealed record WebSocketSettings(int MaxMessageBytes, int MaxConnections, long MaxBufferBytes, TimeSpan ConnectTimeout)
{
    /// <summary>Protocol pings on both legs every 20 s (Binance's own spot interval), so a dead peer is found within a minute.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A pong must come within 20 s of a ping, or the leg is dropped.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(20);
}
