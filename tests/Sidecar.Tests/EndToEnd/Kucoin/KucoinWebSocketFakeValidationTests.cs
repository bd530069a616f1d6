using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Kucoin.WebSocket;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kucoin;

/// <summary>
/// The fake KuCoin's push WebSocket checked against ccxt pro itself, with no Sidecar involved (kucoin-ws-bot.mjs in
/// direct mode, holding the real secret and passphrase): ccxt finds the push server in the bullet-private answer, as it
/// does KuCoin's, and every step passes; the fake refuses tokens it did not mint and private topics on a public token.
/// </summary>
public sealed class KucoinWebSocketFakeValidationTests
{
    [Fact]
    public async Task Ccxt_pro_itself_passes_every_step_against_the_fake()
    {
        await using var account = await KucoinAccount.CreateAsync(token: null);
        var fake = account.Exchange;

        var result = await CcxtBot.RunAsync("kucoin-ws-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "direct",
            ["KUCOIN_URL"] = fake.BaseAddress.ToString(),
            ["KUCOIN_API_KEY"] = account.ApiKey,
            ["KUCOIN_SECRET"] = account.Secret,
            ["KUCOIN_PASSWORD"] = account.Passphrase,
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "watchBalance", "createOrder", "watchOrders", "cancelOrder"], result.Steps);
        Assert.Equal(fake.Push.Endpoint, result.Step("watchBalance")!["endpoint"]!.GetValue<string>());

        var connection = Assert.Single(fake.Push.Connections);
        Assert.Equal(KucoinPushToken.Private, connection.Token);
        var subscribes = fake.Push.Frames.Where(f => f.Type == "subscribe").ToList();
        Assert.Equal([FakeKucoinPush.BalanceTopic, FakeKucoinPush.OrdersTopic], subscribes.Select(f => f.Topic));
        Assert.All(subscribes, f => Assert.True(f.PrivateChannel && f.ErrorCode is null, f.Frame));
        Assert.Contains(fake.Requests, r => r.Path == "/api/v1/bullet-private" && r.Signature == SignatureCheck.Valid);
        Assert.DoesNotContain(fake.Requests, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);
    }

    [Fact]
    public async Task A_token_the_fake_did_not_mint_gets_an_error_and_a_close()
    {
        await using var account = await KucoinAccount.CreateAsync(token: null);
        var push = account.Exchange.Push;

        await using var client = await JsonWebSocketClient.ConnectAsync(new Uri(push.Endpoint + "?token=made-up&connectId=private"));

        var error = await client.ReceiveAsync();
        Assert.Equal(("error", 401), (error["type"]!.GetValue<string>(), error["code"]!.GetValue<int>()));
        Assert.Equal(KucoinPushToken.Invalid, Assert.Single(push.Connections).Token);
    }

    [Fact]
    public async Task A_public_token_cannot_subscribe_to_a_private_topic()
    {
        await using var account = await KucoinAccount.CreateAsync(token: null);
        using var http = new HttpClient { BaseAddress = account.Exchange.BaseAddress };
        using var bullet = await http.PostAsync("/api/v1/bullet-public", null);
        var data = JsonNode.Parse(await bullet.Content.ReadAsStringAsync())!["data"]!;
        var endpoint = data["instanceServers"]![0]!["endpoint"]!.GetValue<string>();
        await using var client = await JsonWebSocketClient.ConnectAsync(new Uri($"{endpoint}?token={Uri.EscapeDataString(data["token"]!.GetValue<string>())}&connectId=public"));
        Assert.Equal("welcome", (await client.ReceiveAsync())["type"]!.GetValue<string>());

        var answer = await client.AskAsync("""{"id":"9","type":"subscribe","topic":"/account/balance","privateChannel":true,"response":true}""", _ => true);

        Assert.Equal(("9", "error", 401), (answer["id"]!.GetValue<string>(), answer["type"]!.GetValue<string>(), answer["code"]!.GetValue<int>()));
        var pong = await client.AskAsync("""{"id":"10","type":"ping"}""", _ => true);
        Assert.Equal("pong", pong["type"]!.GetValue<string>());
    }
}
