using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Sidecar.FakeExchange.Common;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// A WebSocket server on loopback that a test drives by hand: it records every message and upgrade it gets, and
/// the test makes it send frames, close with a code, or drop the connection. For the relay's fault and limit tests,
/// where the exchange's behaviour is the thing under test; the fake exchanges verify signatures.
/// </summary>
internal sealed class ScriptedWebSocketUpstream : IAsyncDisposable
{
    private readonly Channel<Connection> _connections = Channel.CreateUnbounded<Connection>();
    private WebApplication _app = null!;

    /// <summary>e.g. ws://127.0.0.1:43121</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The request headers of every upgrade, in order.</summary>
    public ConcurrentQueue<IHeaderDictionary> Upgrades { get; } = new();

    public ConcurrentQueue<string> Targets { get; } = new();

    public static async Task<ScriptedWebSocketUpstream> StartAsync()
    {
        var upstream = new ScriptedWebSocketUpstream();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddLogging();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(upstream.AcceptAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        upstream._app = app;
        upstream.BaseAddress = new Uri("ws://127.0.0.1:" + new Uri(address).Port);
        return upstream;
    }

    /// <summary>The next connection the relay opens.</summary>
    public async Task<Connection> NextConnectionAsync() =>
        await _connections.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        Upgrades.Enqueue(new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)));
        var (path, query) = LoopbackServer.RawTarget(context);
        Targets.Enqueue(query.Length == 0 ? path : path + "?" + query);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new Connection(socket);
        _connections.Writer.TryWrite(connection);
        await connection.ReceiveLoopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>One connection from the relay.</summary>
    internal sealed class Connection(WebSocket socket)
    {
        private readonly Channel<string> _received = Channel.CreateUnbounded<string>();
        private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public WebSocket Socket => socket;

        /// <summary>The close code the relay sent, once it closed (null when it dropped the connection).</summary>
        public Task<WebSocketCloseStatus?> Closed => _closed.Task;

        public async Task<string> ReceiveAsync() => await _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        /// <summary>True when nothing was received that the test has not read yet (a refused frame was not forwarded).</summary>
        public bool NothingReceived => !_received.Reader.TryPeek(out _);

        public Task SendAsync(string text) => socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

        public Task CloseAsync(WebSocketCloseStatus status, string reason) => socket.CloseOutputAsync(status, reason, CancellationToken.None);

        public void Drop() => socket.Abort();

        internal async Task ReceiveLoopAsync()
        {
            var buffer = new byte[1 << 20];
            try
            {
                while (true)
                {
                    var filled = 0;
                    WebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, filled, buffer.Length - filled), CancellationToken.None);
                        filled += result.Count;
                    }
                    while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        _closed.TrySetResult(socket.CloseStatus);
                        if (socket.State == WebSocketState.CloseReceived)
                        {
                            await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                        }

                        return;
                    }

                    _received.Writer.TryWrite(Encoding.UTF8.GetString(buffer, 0, filled));
                }
            }
            catch (WebSocketException)
            {
                _closed.TrySetResult(null);
            }
        }
    }
}
