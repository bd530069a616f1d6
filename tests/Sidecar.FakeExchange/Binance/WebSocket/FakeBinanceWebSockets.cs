using System.Net.WebSockets;
using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Routes;
using Sidecar.FakeExchange.Security;

namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>
/// The fake Binance's WebSocket side, on the same server (and the same order book, wallets, listen keys and keys) as
/// its REST API: the spot WebSocket API (<c>GET /ws-api/v3</c>), the USDⓈ-M WebSocket API (<c>GET /ws-fapi/v1</c>) and
/// the USDⓈ-M user data stream (<c>GET /private/ws?listenKey=…</c>). Tests read what it received here, and make it
/// misbehave: close or drop connections (<see cref="Fault"/>) and push bursts of frames (<see cref="PushBurstAsync"/>).
/// </summary>
public sealed class FakeBinanceWebSockets
{
    public const string SpotApiPath = "/ws-api/v3";
    public const string UsdmApiPath = "/ws-fapi/v1";
    public const string UsdmUserStreamPath = "/private/ws";

    private static readonly (TimeSpan Ping, TimeSpan Pong) SpotKeepAlive = (TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(1));
    private static readonly (TimeSpan Ping, TimeSpan Pong) FuturesKeepAlive = (TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(10));

    private readonly FakeBinanceWebSocketOptions _options;
    private readonly ExchangeState _state;
    private readonly UserDataHub _userData;
    private readonly WebSocketApi _spot;
    private readonly WebSocketApi _usdm;
    private readonly RequestJournal<RecordedWebSocketRequest> _journal = new();
    private readonly Lock _gate = new();
    private readonly List<WsConnection> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private long _nextConnectionId;
    private volatile WebSocketFault? _fault;

    internal FakeBinanceWebSockets(FakeBinanceWebSocketOptions options, EndpointTable rest, ExchangeState state, RequestAuthenticator keys)
    {
        _options = options;
        _state = state;
        _userData = new UserDataHub(state, options.AccountSnapshotDelay);
        var authenticator = new WsAuthenticator(keys);

        // rateLimits report the REQUEST_WEIGHT limits of each exchangeInfo: 6000 a minute spot, 2400 USDⓈ-M.
        _spot = new WebSocketApi(SpotApiPath, SpotWebSocketMethods.Build(rest, state, _userData), authenticator, _journal, state.Clock, 6000, _userData);
        _usdm = new WebSocketApi(UsdmApiPath, UsdmWebSocketMethods.Build(rest, state), authenticator, _journal, state.Clock, 2400, null);
    }

    /// <summary>Every WebSocket API request frame received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedWebSocketRequest> Requests => _journal.Snapshot();

    /// <summary>Every connection accepted so far (open or closed), in order.</summary>
    public IReadOnlyList<WebSocketConnectionInfo> Connections
    {
        get
        {
            lock (_gate)
            {
                return _connections.Select(c => c.Snapshot()).ToArray();
            }
        }
    }

    /// <summary>The fault to inject into every connection from now on (open ones included); null for none.</summary>
    public WebSocketFault? Fault
    {
        get => _fault;
        set => _fault = value;
    }

    /// <summary>
    /// Pushes <paramref name="frames"/> text frames of exactly <paramref name="frameBytes"/> bytes to every open
    /// connection (to <paramref name="path"/> only, when given), one after another, and completes when the sockets have
    /// taken them all: a peer that stops reading holds the burst up, which is what backpressure tests look for.
    /// Each frame is <c>{"e":"fakeBurst","n":…,"p":"…"}</c>, which clients ignore. Returns the connections pushed to.
    /// </summary>
    public async Task<int> PushBurstAsync(int frames, int frameBytes, string? path = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameBytes, BurstFrame(Math.Max(0, frames - 1), 0).Length);
        WsConnection[] targets;
        lock (_gate)
        {
            targets = _connections.Where(c => c.Snapshot().Open && (path is null || c.Path == path)).ToArray();
        }

        await Task.WhenAll(targets.Select(c => BurstAsync(c.Outbox, frames, frameBytes, cancellationToken)));
        return targets.Length;
    }

    internal void ClearRequests() => _journal.Clear();

    internal static bool IsWebSocketPath(PathString path) =>
        path == SpotApiPath || path == UsdmApiPath || path == UsdmUserStreamPath;

    /// <summary>Ends every connection: the server is stopping.</summary>
    internal void Stop() => _stopping.Cancel();

    internal async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!;
        var api = path switch
        {
            SpotApiPath => _spot,
            UsdmApiPath => _usdm,
            _ => null,
        };
        if (api is null && !await AcceptListenKeyAsync(context))
        {
            return;
        }

        var (ping, pong) = api == _spot ? SpotKeepAlive : FuturesKeepAlive;
        var offered = context.Request.Headers.SecWebSocketExtensions;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            DangerousEnableCompression = _options.AcceptCompression,
            KeepAliveInterval = _options.PingInterval ?? ping,
            KeepAliveTimeout = _options.PongTimeout ?? pong,
        });
        var negotiated = context.Response.Headers.SecWebSocketExtensions;
        var id = Interlocked.Increment(ref _nextConnectionId);
        var connection = new WsConnection(
            id,
            path,
            context.Request.QueryString.Value?.TrimStart('?') ?? string.Empty,
            offered.Count == 0 ? null : offered.ToString(),
            negotiated.Count == 0 ? null : negotiated.ToString());
        if (api is not null)
        {
            connection.Session = new WsSession(id, _state.Clock.NowMilliseconds, ReturnRateLimits(context), connection.Outbox);
        }

        lock (_gate)
        {
            _connections.Add(connection);
        }

        await RunAsync(context, socket, connection, api);
    }

    private async Task RunAsync(HttpContext context, System.Net.WebSockets.WebSocket socket, WsConnection connection, WebSocketApi? api)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var outbox = connection.Outbox;
        var sending = outbox.RunAsync(socket, context, stop.Token);
        if (connection.Session is { } session)
        {
            api!.Open(session);
        }
        else
        {
            _ = _userData.AddFuturesAsync(outbox);
        }

        try
        {
            await connection.ReceiveAsync(socket, api, () => _fault, stop.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            // The peer went away, a fault dropped the connection, or the server is stopping.
        }
        finally
        {
            if (connection.Session is { } opened)
            {
                api!.Close(opened);
            }
            else
            {
                _userData.RemoveFutures(outbox);
            }

            outbox.Complete();
            await sending;
        }
    }

    /// <summary>A user data stream needs the account's live USDⓈ-M listen key; otherwise the upgrade is refused with
    /// -1125 (what Binance does on the wire is not documented).</summary>
    private async Task<bool> AcceptListenKeyAsync(HttpContext context)
    {
        var listenKey = context.Request.Query["listenKey"];
        if (listenKey.Count == 1 && !string.IsNullOrEmpty(listenKey[0]) && listenKey[0] == _state.ListenKeys.KeepAliveFutures())
        {
            return true;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "application/json;charset=UTF-8";
        var error = BinanceErrors.InvalidListenKey;
        await context.Response.WriteAsync(new JsonObject { ["code"] = error.Code, ["msg"] = error.Message }.ToJsonString());
        return false;
    }

    /// <summary><c>?returnRateLimits=false</c> on the connection URL hides rateLimits by default (web-socket-api.md).</summary>
    private static bool ReturnRateLimits(HttpContext context) => context.Request.Query["returnRateLimits"] != "false";

    private static async Task BurstAsync(WsOutbox outbox, int frames, int frameBytes, CancellationToken cancellationToken)
    {
        try
        {
            for (var n = 0; n < frames; n++)
            {
                await outbox.SendAndWaitAsync(BurstFrame(n, frameBytes)).WaitAsync(cancellationToken);
            }
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The connection closed during the burst.
        }
    }

    /// <summary><c>{"e":"fakeBurst","n":N,"p":"xxx…"}</c> padded to <paramref name="size"/> bytes.</summary>
    private static byte[] BurstFrame(int n, int size)
    {
        var head = $"{{\"e\":\"fakeBurst\",\"n\":{n},\"p\":\"";
        const string Tail = "\"}";
        var padding = Math.Max(0, size - head.Length - Tail.Length);
        return Encoding.ASCII.GetBytes(head + new string('x', padding) + Tail);
    }
}
