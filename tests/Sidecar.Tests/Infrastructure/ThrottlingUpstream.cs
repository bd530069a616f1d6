using Microsoft.AspNetCore.Http;
using Sidecar.FakeExchange.Common;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// An upstream that answers every signed request 429 (or 418, Binance's IP ban) with Retry-After, as Binance does
/// over its limits, until <see cref="Throttling"/> is turned off.
/// </summary>
internal sealed class ThrottlingUpstream : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private int _requests;
    private volatile bool _throttling = true;

    private ThrottlingUpstream(LoopbackServer server)
    {
        _server = server;
    }

    public Uri BaseAddress => _server.BaseAddress;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>While true, signed requests get the throttling status; afterwards they get 200.</summary>
    public bool Throttling
    {
        get => _throttling;
        set => _throttling = value;
    }

    public static async Task<ThrottlingUpstream> StartAsync(int retryAfterSeconds, int status = StatusCodes.Status429TooManyRequests)
    {
        ThrottlingUpstream? upstream = null;
        var server = await LoopbackServer.StartAsync(async context =>
        {
            if (!SidecarBackground.IsBackground(context.Request))
            {
                Interlocked.Increment(ref upstream!._requests);
            }

            if (context.Request.Path.StartsWithSegments("/api/v3/time"))
            {
                // Public and unthrottled, as at Binance; Sidecar's clock probe reads it (and is not counted).
                await context.Response.WriteAsync($"{{\"serverTime\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}}");
                return;
            }

            if (!upstream!._throttling)
            {
                await context.Response.WriteAsync("{\"balances\":[]}");
                return;
            }

            context.Response.StatusCode = status;
            context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await context.Response.WriteAsync("{\"code\":-1003,\"msg\":\"Too many requests.\"}");
        });
        upstream = new ThrottlingUpstream(server);
        return upstream;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
