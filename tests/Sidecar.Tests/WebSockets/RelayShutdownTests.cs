using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Sidecar.Tests.EndToEnd;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.WebSockets;

/// <summary>SIGTERM to the real <c>sidecar run</c> process closes every WebSocket with 1001 (going away), and it exits 0.</summary>
[Collection(HsmCollection.Name)]
public sealed class RelayShutdownTests(SoftHsmToken token)
{
    [Fact]
    public async Task SIGTERM_closes_open_websockets_with_1001_and_the_process_exits_cleanly()
    {
        await using var account = await BinanceAccount.CreateAsync(token);
        var directory = Directory.CreateTempSubdirectory("sidecar-wsstop-").FullName;
        try
        {
            var config = SidecarUnderTest.Config(token, new JsonObject
            {
                ["binance-ws"] = new JsonObject
                {
                    ["Scheme"] = "binance-hmac",
                    ["Upstream"] = $"ws://127.0.0.1:{account.Exchange.BaseAddress.Port}",
                    ["ApiKey"] = account.ApiKey,
                    ["Key"] = account.KeyLabel,
                },
            });
            await using var sidecar = await SidecarProcessUnderTest.StartAsync(config, directory);
            using var bot = new ClientWebSocket();
            await bot.ConnectAsync(new Uri($"ws://127.0.0.1:{sidecar.ProxyUrl.Port}/binance-ws/ws-api/v3"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
            await Eventually.UntilAsync(() => account.Exchange.WebSockets.Connections.Any(c => c.Open), "the relay's upstream connection");

            sidecar.Terminate();

            var buffer = new byte[4096];
            WebSocketReceiveResult result;
            do
            {
                result = await bot.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
            }
            while (result.MessageType != WebSocketMessageType.Close);

            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, bot.CloseStatus);
            Assert.Equal(0, await sidecar.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            await Eventually.UntilAsync(() => account.Exchange.WebSockets.Connections.All(c => !c.Open), "the exchange's side closed too");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
