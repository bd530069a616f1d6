using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Sidecar.FakeExchange.Common;

/// <summary>Kestrel on 127.0.0.1 (port 0 = any free port) with one handler, WebSocket upgrades included; what every fake exchange runs on.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>e.g. http://127.0.0.1:43121/</summary>
    public Uri BaseAddress { get; }

    /// <summary>Fires when the server begins to stop: long-lived requests (WebSockets) end then instead of holding the stop up.</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    public static async Task<LoopbackServer> StartAsync(RequestDelegate handler, int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(LoopbackServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();

        // Upgrade requests reach the handler as WebSocket requests (fakes that serve an exchange's WebSocket API).
        app.UseWebSockets();
        app.Run(handler);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new LoopbackServer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>The raw path and query of the request exactly as received (never decoded).</summary>
    public static (string Path, string Query) RawTarget(HttpContext context)
    {
        var raw = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? (raw, "") : (raw[..q], raw[(q + 1)..]);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
