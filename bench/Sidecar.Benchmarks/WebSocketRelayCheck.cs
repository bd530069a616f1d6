using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Sidecar.Alerts;
using Sidecar.Audit;
using Sidecar.Configuration;
using Sidecar.Policy;
using Sidecar.Proxy;
using Sidecar.Signing;
using Sidecar.WebSockets;

namespace Sidecar.Benchmarks;

/// <summary>
/// <c>--ws-relay</c>: the WebSocket relay's own cost per frame, on real loopback sockets, against the same two peers
/// connected directly:
/// <list type="bullet">
/// <item>relayed server frames: frames per second and managed bytes allocated per frame (process-wide, minus what the
/// same push costs without the relay);</item>
/// <item>a round trip at one connection: bot → relay → exchange → relay → bot, for a frame the relay forwards as it came
/// (the hop alone) and for an <c>order.place</c> it judges, rebuilds and signs in SoftHSM2, against bot → exchange, in
/// rotating rounds; p50 and p99 of each.</item>
/// </list>
/// The relay is the product's <see cref="RelayConnection"/>; the exchange end answers at once without verifying (its
/// cost is the same on both paths), so the difference is the relay's: a loopback hop, the frame's rebuild and sign.
/// Kestrel's upgrade (once per connection) is not in it.
/// </summary>
internal static class WebSocketRelayCheck
{
    private const int PushFrames = 100_000;
    private const int WarmupFrames = 10_000;
    private const int Rounds = 5;
    private const int RoundTrips = 2_000;

    /// <summary>
    /// Frames the exchange end lets be in flight before it waits for the bot: a relay buffers at most
    /// Limits:MaxWebSocketBufferBytes for a bot that is slower than its exchange, then closes it (1013), so the push
    /// keeps under that (2,000 × 150 B is 300 KB).
    /// </summary>
    private const int InFlight = 2_000;

    private static readonly byte[] ServerFrame = Encoding.UTF8.GetBytes(
        """{"stream":"btcusdt@trade","data":{"e":"trade","E":1700000000000,"s":"BTCUSDT","t":12345,"p":"65000.01","q":"0.00100000","T":1700000000000,"m":true,"M":true}}""");

    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("""{"id":"1","method":"ping"}""");

    private static readonly byte[] Reply = Encoding.UTF8.GetBytes(
        """{"id":"1","status":200,"result":{"symbol":"BTCUSDT","orderId":28,"clientOrderId":"x","transactTime":1700000000000},"rateLimits":[]}""");

    public static async Task<int> RunAsync()
    {
        Console.WriteLine($"WebSocket relay check, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        var (directRate, directBytes) = await PushAsync(relayed: false);
        (double, double) relayedPush;
        using (new AllocationTrace())
        {
            relayedPush = await PushAsync(relayed: true);
        }

        var (relayRate, relayBytes) = relayedPush;
        Console.WriteLine($"server frames ({ServerFrame.Length} B), {PushFrames} after {WarmupFrames} warm-up:");
        Console.WriteLine($"  direct   {directRate,10:N0} frames/s  {directBytes,8:0.0} B/frame (the peers' own)");
        Console.WriteLine($"  relayed  {relayRate,10:N0} frames/s  {relayBytes,8:0.0} B/frame  → relay: {relayBytes - directBytes:0.0} B per relayed frame");

        // Three paths, their order rotating from round to round so drift on the machine hits all alike: straight to the
        // exchange; through the relay with a frame it forwards as it came (a ping: the hop alone); through the relay
        // with an order it judges, rebuilds and signs.
        var modes = new (string Name, bool Relayed, bool Sign)[] { ("direct", false, false), ("relayed, forwarded as is (ping)", true, false), ("relayed, judged and signed (order.place)", true, true) };
        var samples = modes.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var k = 0; k < modes.Length; k++)
            {
                var m = (round + k) % modes.Length;
                samples[m].AddRange(await RoundTripsAsync(modes[m].Relayed, modes[m].Sign));
            }
        }

        Console.WriteLine($"round trip at one connection, {Rounds} rounds x {RoundTrips} each, µs:");
        for (var m = 0; m < modes.Length; m++)
        {
            samples[m].Sort();
            Console.WriteLine($"  {modes[m].Name,-42} p50 {Percentile(samples[m], 0.50),7:0.0}  p99 {Percentile(samples[m], 0.99),7:0.0}  added p50 {Percentile(samples[m], 0.50) - Percentile(samples[0], 0.50),6:0.0}");
        }

        return 0;
    }

    private static async Task<(double Rate, double BytesPerFrame)> PushAsync(bool relayed)
    {
        await using var peers = await Peers.ConnectAsync(relayed);
        var received = 0;
        var reader = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            for (var i = 0; i < WarmupFrames + PushFrames; i++)
            {
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await peers.Bot.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                }
                while (!result.EndOfMessage);

                Interlocked.Increment(ref received);
            }
        });

        // The window is kept with a counter and Task.Yield, which allocate nothing, so the bytes counted are the peers'
        // and the relay's.
        for (var i = 0; i < WarmupFrames; i++)
        {
            while (i - Volatile.Read(ref received) >= InFlight)
            {
                await Task.Yield();
            }

            await peers.Exchange.SendAsync(ServerFrame, WebSocketMessageType.Text, true, CancellationToken.None);
        }

        var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        for (var i = WarmupFrames; i < WarmupFrames + PushFrames; i++)
        {
            while (i - Volatile.Read(ref received) >= InFlight)
            {
                await Task.Yield();
            }

            await peers.Exchange.SendAsync(ServerFrame, WebSocketMessageType.Text, true, CancellationToken.None);
        }

        await reader;
        watch.Stop();
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
        return (PushFrames / watch.Elapsed.TotalSeconds, (double)bytes / PushFrames);
    }

    private static async Task<List<double>> RoundTripsAsync(bool relayed, bool sign)
    {
        await using var peers = await Peers.ConnectAsync(relayed);
        var exchange = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var result = await peers.Exchange.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (result.EndOfMessage)
                {
                    await peers.Exchange.SendAsync(Reply, WebSocketMessageType.Text, true, CancellationToken.None);
                }
            }
        });

        var answer = new byte[64 * 1024];
        var times = new List<double>(RoundTrips);
        for (var i = 0; i < RoundTrips + 200; i++)
        {
            var frame = sign ? Encoding.UTF8.GetBytes(Order(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())) : Ping;
            var started = Stopwatch.GetTimestamp();
            await peers.Bot.SendAsync(frame, WebSocketMessageType.Text, true, CancellationToken.None);
            ValueWebSocketReceiveResult result;
            do
            {
                result = await peers.Bot.ReceiveAsync(answer.AsMemory(), CancellationToken.None);
            }
            while (!result.EndOfMessage);

            if (i >= 200)
            {
                times.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
        }

        await peers.Bot.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        await Task.WhenAny(exchange, Task.Delay(2000));
        return times;
    }

    // ccxt's own order.place (websocket-venues.md §2.1); the relay rebuilds it with the real key and signs it.
    private static string Order(long timestamp) =>
        "{\"id\":\"1\",\"method\":\"order.place\",\"params\":{\"apiKey\":\"placeholder-key\",\"newClientOrderId\":\"x-TKT5PX2F1234\",\"price\":\"50000\",\"quantity\":\"0.001\",\"recvWindow\":10000,\"side\":\"BUY\",\"symbol\":\"BTCUSDT\",\"timeInForce\":\"GTC\",\"timestamp\":"
        + timestamp.ToString(CultureInfo.InvariantCulture) + ",\"type\":\"LIMIT\",\"signature\":\"05c4d1cd\"}}";

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    /// <summary>A bot and an exchange end, connected directly or through a <see cref="RelayConnection"/>.</summary>
    private sealed class Peers : IAsyncDisposable
    {
        private readonly List<IDisposable> _owned = [];
        private readonly CancellationTokenSource _stopping = new();
        private Task? _relay;

        public WebSocket Bot { get; private set; } = null!;

        public WebSocket Exchange { get; private set; } = null!;

        public static async Task<Peers> ConnectAsync(bool relayed)
        {
            var peers = new Peers();
            var (bot, botPeer) = await peers.PairAsync();
            if (!relayed)
            {
                peers.Bot = bot;
                peers.Exchange = botPeer;
                return peers;
            }

            var (relayUpstream, exchange) = await peers.PairAsync();
            peers.Bot = bot;
            peers.Exchange = exchange;
            peers._relay = new RelayConnection(Relay(), Venue(), "/ws-api/v3", botPeer, relayUpstream).RunAsync(peers._stopping.Token);
            return peers;
        }

        public async ValueTask DisposeAsync()
        {
            await _stopping.CancelAsync();
            if (_relay is not null)
            {
                await Task.WhenAny(_relay, Task.Delay(5000));
            }

            foreach (var owned in _owned)
            {
                owned.Dispose();
            }

            _stopping.Dispose();
        }

        /// <summary>Two WebSockets over one loopback TCP connection: the first is the client end.</summary>
        private async Task<(WebSocket Client, WebSocket Server)> PairAsync()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var client = new TcpClient { NoDelay = true };
            var accepting = listener.AcceptTcpClientAsync();
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            var server = await accepting;
            server.NoDelay = true;
            var options = new WebSocketCreationOptions { KeepAliveInterval = Timeout.InfiniteTimeSpan };
            var clientSocket = WebSocket.CreateFromStream(client.GetStream(), options);
            var serverSocket = WebSocket.CreateFromStream(server.GetStream(), new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = Timeout.InfiniteTimeSpan });
            _owned.AddRange([client, server, clientSocket, serverSocket]);
            return (clientSocket, serverSocket);
        }

        private static WebSocketRelay Relay() => new(
            new WebSocketSettings(64 * 1024, 64, 1 << 20, TimeSpan.FromSeconds(5)),
            new HttpMessageInvoker(new SocketsHttpHandler()),
            TimeProvider.System,
            new SigningStatistics(),
            new AuditSink(null),
            new AlertSink(new AlertOptions(), TimeProvider.System),
            new NoLifetime(),
            NullLogger<WebSocketRelay>.Instance);

        private static Venue Venue()
        {
            if (!SigningSchemes.TryGet(Signing.Binance.BinanceHmacScheme.SchemeName, out var scheme))
            {
                throw new InvalidOperationException("binance-hmac is not registered");
            }

            var definition = new VenueDefinition
            {
                Name = "binance-ws",
                Scheme = scheme,
                UpstreamBase = "ws://127.0.0.1:1",
                Hosts = [],
                ApiKey = "api-key-id",
                KeyLabel = BenchHsm.KeyLabel,
                Policy = new VenuePolicy(scheme, "trade", [], [], [], [], null, null),
                Limits = new PolicyOptions { RequestsPerSecond = 0, OrdersPer10Seconds = 0 },
            };
            return new Venue(definition, new VenueCredentials("api-key-id", BenchHsm.Shared.SessionObjectKey), TimeProvider.System);
        }
    }

    private sealed class NoLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
