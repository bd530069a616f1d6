using System.Net;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Kucoin.WebSocket;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kucoin;

/// <summary>
/// KuCoin's push WebSocket through the real Kestrel listener to the fake KuCoin, with a plain client: the bullet answer
/// points at Sidecar only when a WebSocket venue for the push host is configured; the token in the URL reaches the push
/// server unchanged; frames are judged by type (a Deny rule or an unknown type is refused in KuCoin's error envelope
/// with the bot's id, never forwarded, and the connection stays).
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class KucoinWebSocketPolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    private KucoinAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        _account = await KucoinAccount.CreateAsync(token);
        var push = PushVenue();
        push["Policy"] = new JsonObject { ["Deny"] = new JsonArray("WS /unsubscribe") };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject { ["kucoin"] = RestVenue(), ["kucoin-push"] = push }));
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task The_bullet_answer_names_sidecar_only_when_a_websocket_venue_serves_the_push_host()
    {
        var through = await BulletAsync(_sidecar);
        await using var restOnly = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject { ["kucoin"] = RestVenue() }));
        var direct = await BulletAsync(restOnly);

        Assert.Equal($"ws://127.0.0.1:{_sidecar.ProxyAddress.Port}/kucoin-push{FakeKucoinPush.Path}", Endpoint(through));
        Assert.Equal(_account.Exchange.Push.Endpoint, Endpoint(direct));
        Assert.Equal(18000, through["instanceServers"]![0]!["pingInterval"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_token_reaches_the_push_server_unchanged_and_subscriptions_are_relayed()
    {
        var bullet = await BulletAsync(_sidecar);
        var query = $"token={Uri.EscapeDataString(bullet["token"]!.GetValue<string>())}&connectId=private";
        await using var bot = await JsonWebSocketClient.ConnectAsync(new Uri($"{Endpoint(bullet)}?{query}"));
        Assert.Equal("welcome", (await bot.ReceiveAsync())["type"]!.GetValue<string>());

        await bot.SendAsync("""{"id":"1","type":"subscribe","topic":"/account/balance","privateChannel":true,"response":true}""");

        Assert.Equal("ack", (await bot.ReceiveAsync())["type"]!.GetValue<string>());
        Assert.Equal("account.balance", (await bot.ReceiveAsync())["subject"]!.GetValue<string>());
        Assert.Equal(query, Assert.Single(_account.Exchange.Push.Connections).Query);
        Assert.Equal(KucoinPushToken.Private, Assert.Single(_account.Exchange.Push.Frames).ConnectionToken);
    }

    [Theory]
    [InlineData("""{"id":"7","type":"unsubscribe","topic":"/account/balance","privateChannel":true,"response":true}""", "Deny 'WS /unsubscribe'")]
    [InlineData("""{"id":"7","type":"openTunnel","newTunnelId":"t1","response":true}""", "not an endpoint")]
    public async Task A_refused_frame_gets_kucoins_error_with_the_bots_id_and_never_reaches_the_push_server(string frame, string reason)
    {
        var bullet = await BulletAsync(_sidecar);
        await using var bot = await JsonWebSocketClient.ConnectAsync(new Uri($"{Endpoint(bullet)}?token={Uri.EscapeDataString(bullet["token"]!.GetValue<string>())}&connectId=private"));
        Assert.Equal("welcome", (await bot.ReceiveAsync())["type"]!.GetValue<string>());

        var error = await bot.AskAsync(frame, _ => true);

        Assert.Equal(("7", "error", 4030), (error["id"]!.GetValue<string>(), error["type"]!.GetValue<string>(), error["code"]!.GetValue<int>()));
        Assert.Contains(reason, error["data"]!.GetValue<string>(), StringComparison.Ordinal);
        var pong = await bot.AskAsync("""{"id":"8","type":"ping"}""", _ => true);
        Assert.Equal("pong", pong["type"]!.GetValue<string>());
        Assert.Equal(["ping"], _account.Exchange.Push.Frames.Select(f => f.Type));
    }

    private JsonObject RestVenue() =>
        SidecarUnderTest.VenueWithPassphrase("kucoin", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, _account.PassphraseLabel, "api.kucoin.com");

    private JsonObject PushVenue() =>
        SidecarUnderTest.VenueWithPassphrase("kucoin", new Uri($"ws://127.0.0.1:{_account.Exchange.BaseAddress.Port}"), _account.ApiKey, _account.KeyLabel, _account.PassphraseLabel);

    private static async Task<JsonNode> BulletAsync(SidecarUnderTest sidecar)
    {
        using var response = await sidecar.Client.PostAsync("/kucoin/api/v1/bullet-private", content: null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!["data"]!;
    }

    private static string Endpoint(JsonNode bullet) => bullet["instanceServers"]![0]!["endpoint"]!.GetValue<string>();
}
