using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Sidecar.FakeExchange.Binance.WebSocket;
using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Routes;
using Sidecar.FakeExchange.Security;

namespace Sidecar.FakeExchange.Binance;

/// <summary>
/// A fake Binance (spot, USDⓈ-M and a sliver of COIN-M on one server) written from Binance's public API docs. It
/// checks API keys, HMAC-SHA256 and Ed25519 signatures and timestamps with its own code, keeps an in-memory order
/// book, and records every request it receives. Its WebSocket APIs and USDⓈ-M user data stream share the server,
/// the keys and the book (<see cref="WebSockets"/>). Listens on 127.0.0.1 only.
/// </summary>
public sealed class FakeBinance : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RequestJournal<RecordedRequest> _journal;
    private readonly byte[] _secret;
    private int _disposed;

    private FakeBinance(WebApplication app, RequestJournal<RecordedRequest> journal, FakeBinanceWebSockets webSockets, byte[] secret, Uri baseAddress,
        Binance.Limits.FakeBinanceLimits limits)
    {
        Limits = limits;
        _app = app;
        _journal = journal;
        _secret = secret;
        WebSockets = webSockets;
        BaseAddress = baseAddress;
        WebSocketAddress = new UriBuilder(baseAddress) { Scheme = "ws" }.Uri;
    }

    /// <summary>Where the fake listens, e.g. http://127.0.0.1:43121 (no trailing path).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The same server for WebSocket clients, e.g. ws://127.0.0.1:43121: <c>/ws-api/v3</c>, <c>/ws-fapi/v1</c>,
    /// <c>/private/ws?listenKey=…</c>.</summary>
    public Uri WebSocketAddress { get; }

    /// <summary>A snapshot of every REST request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _journal.Snapshot();

    /// <summary>A snapshot of every WebSocket API request frame received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedWebSocketRequest> WebSocketRequests => WebSockets.Requests;

    /// <summary>The IP weight limits (429 over them, 418 after repeated 429s) and what is used of them.</summary>
    public Binance.Limits.FakeBinanceLimits Limits { get; }

    /// <summary>The WebSocket side: connections seen, fault injection, bursts.</summary>
    public FakeBinanceWebSockets WebSockets { get; }

    /// <summary>Starts Kestrel on 127.0.0.1 and returns once it accepts connections.</summary>
    public static async Task<FakeBinance> StartAsync(FakeBinanceOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SpotWeightPerMinute, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FuturesWeightPerMinute, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RejectionsBeforeBan, 1);
        ArgumentException.ThrowIfNullOrEmpty(options.ApiKey);
        ArgumentNullException.ThrowIfNull(options.Secret);
        if ((options.Secret.Length == 0) == (options.Ed25519PublicKey is null))
        {
            throw new ArgumentException("Give either an HMAC secret or an Ed25519 public key.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort);
        ArgumentNullException.ThrowIfNull(options.WebSocket);
        if (options.WebSocket.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(' ', problems), nameof(options));
        }

        var secret = options.Secret.ToArray();
        var clock = new ServerClock(options.Time, options.ClockOffset);
        var journal = new RequestJournal<RecordedRequest>();
        var state = new ExchangeState(clock) { KeyPermissions = options.KeyPermissions, Limits = new Binance.Limits.FakeBinanceLimits(options) };
        var routes = BinanceRoutes.Build(state);
        var authenticator = new RequestAuthenticator(options.ApiKey, secret, options.Ed25519PublicKey, clock);
        var pipeline = new RequestPipeline(
            routes,
            authenticator,
            journal,
            options.LogToConsole ? new RequestConsoleLog(Console.Out) : null,
            state.Limits);
        var webSockets = new FakeBinanceWebSockets(options.WebSocket, routes, state, authenticator);

        // The empty builder reads no configuration, environment variables or appsettings, and logs nothing.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeBinance).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

        var app = builder.Build();
        app.Lifetime.ApplicationStopping.Register(webSockets.Stop);
        app.UseWebSockets();
        var delay = options.ResponseDelay;
        app.Run(context => context.WebSockets.IsWebSocketRequest && FakeBinanceWebSockets.IsWebSocketPath(context.Request.Path)
            ? webSockets.HandleAsync(context)
            : delay > TimeSpan.Zero ? DelayedAsync(context, delay, pipeline) : pipeline.HandleAsync(context));
        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            await app.DisposeAsync();
            CryptographicOperations.ZeroMemory(secret);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        return new FakeBinance(app, journal, webSockets, secret, new Uri(address), state.Limits);
    }

    // The body is read first and the delay is not cancelled when the client goes away: a request that arrived whole is
    // booked, as a real exchange books it, even when the answer can no longer be delivered.
    private static async Task DelayedAsync(HttpContext context, TimeSpan delay, RequestPipeline pipeline)
    {
        context.Request.EnableBuffering();
        await context.Request.Body.CopyToAsync(Stream.Null);
        context.Request.Body.Position = 0;
        await Task.Delay(delay);
        await pipeline.HandleAsync(context);
    }

    /// <summary>Forgets the requests (REST and WebSocket) recorded so far.</summary>
    public void ClearRequests()
    {
        _journal.Clear();
        WebSockets.ClearRequests();
    }

    /// <summary>Stops listening and forgets the secret. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            CryptographicOperations.ZeroMemory(_secret);
        }
    }
}
