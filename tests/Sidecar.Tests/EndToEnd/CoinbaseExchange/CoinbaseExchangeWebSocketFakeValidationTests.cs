using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.CoinbaseExchange;
using Sidecar.FakeExchange.CoinbaseExchange.WebSocket;
using Sidecar.Tests.EndToEnd.Coinbase;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.CoinbaseExchange;

/// <summary>
/// The fake Coinbase Exchange feed against ccxt pro signing for itself (direct mode, no Sidecar): what ccxt sends
/// with the real credentials is accepted and answered so that watchTicker and watchOrders resolve. And the fake's
/// rules, with a plain client signing as the docs' example does: a wrong signature, key, passphrase or a stale
/// timestamp is refused with Coinbase's "Authentication Failed"; a private channel without credentials stays
/// unauthenticated.
/// </summary>
public sealed class CoinbaseExchangeWebSocketFakeValidationTests : IAsyncLifetime
{
    private const string ApiKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(64);
    private static readonly string Passphrase = RandomNumberGenerator.GetHexString(12, lowercase: true);

    private FakeCoinbaseExchange _fake = null!;

    public async Task InitializeAsync() =>
        _fake = await FakeCoinbaseExchange.StartAsync(new FakeCoinbaseExchangeOptions { ApiKey = ApiKey, Secret = Secret, Passphrase = Passphrase });

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Fake_accepts_what_ccxt_pro_signs_itself()
    {
        CcxtBot.EnsureInstalled();

        var bot = await CcxtBot.RunAsync("coinbase-exchange-ws-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "direct",
            ["EXCHANGE_URL"] = _fake.BaseAddress.ToString(),
            ["EXCHANGE_API_KEY"] = ApiKey,
            ["EXCHANGE_SECRET"] = Convert.ToBase64String(Secret),
            ["EXCHANGE_PASSWORD"] = Passphrase,
        });

        Assert.True(bot.ExitCode == 0, bot.ToString());
        Assert.Equal(["loadMarkets", "watchTicker", "createOrder", "watchOrders", "cancelOrder"], bot.Steps);
        var ticker = Assert.Single(_fake.FeedMessages, m => m.Channels.SequenceEqual(["ticker"]));
        Assert.Equal((SignatureCheck.NotRequired, null, (string?)null), (ticker.Signature, ticker.Key, ticker.Error));
        var user = Assert.Single(_fake.FeedMessages, m => m.Channels.SequenceEqual(["user"]));
        Assert.Equal((SignatureCheck.Valid, ApiKey, (string?)null), (user.Signature, user.Key, user.Error));
        Assert.Equal(["BTC-USD"], user.ProductIds);
    }

    [Theory]
    [InlineData("signature", "invalid signature")]
    [InlineData("key", "Invalid API Key")]
    [InlineData("passphrase", "Invalid Passphrase")]
    [InlineData("timestamp", "request timestamp expired")]
    public async Task Credentials_that_do_not_verify_are_refused_with_authentication_failed(string spoiled, string reason)
    {
        using var client = await CoinbaseFeedClient.ConnectAsync(new Uri(_fake.WebSocketAddress + "?"));
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (spoiled == "timestamp" ? 31 : 0);
        var message = Signed(timestamp.ToString(CultureInfo.InvariantCulture));
        message[spoiled] = spoiled == "timestamp" ? timestamp : spoiled == "signature" ? Convert.ToBase64String(new byte[32]) : "wrong";

        await client.SendAsync(message.ToJsonString());
        var answer = await client.ReceiveAsync();

        Assert.Equal("error", answer.GetProperty("type").GetString());
        Assert.Equal(ExchangeFeed.AuthenticationFailed, answer.GetProperty("message").GetString());
        Assert.Equal(new JsonObject { ["message"] = reason }.ToJsonString(), answer.GetProperty("reason").GetString());
        var seen = Assert.Single(_fake.FeedMessages);
        Assert.Equal(spoiled == "signature" ? SignatureCheck.Invalid : SignatureCheck.Valid, seen.Signature);

        // .NET's client sends the bare '?' as written (Node's ws drops it), as a Python bot's may.
        Assert.Equal("/?", Assert.Single(_fake.FeedConnections).RawTarget);
    }

    [Fact]
    public async Task Signed_as_the_docs_example_signs_the_user_channel_pushes_the_accounts_open_orders()
    {
        await PlaceOrderAsync();
        using var client = await CoinbaseFeedClient.ConnectAsync(_fake.WebSocketAddress);

        // The docs' Python example: timestamp = str(time.time()), with a fraction.
        await client.SendAsync(Signed((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000m).ToString("0.000000", CultureInfo.InvariantCulture)).ToJsonString());
        var confirmed = await client.ReceiveAsync();
        var received = await client.ReceiveAsync();
        var open = await client.ReceiveAsync();

        Assert.Equal("""{"type":"subscriptions","channels":[{"name":"user","product_ids":["BTC-USD"]}]}""", confirmed.GetRawText());
        Assert.Equal(("received", "BTC-USD", "buy"), (received.GetProperty("type").GetString(), received.GetProperty("product_id").GetString(), received.GetProperty("side").GetString()));
        Assert.Equal("open", open.GetProperty("type").GetString());
        Assert.Equal(received.GetProperty("order_id").GetString(), open.GetProperty("order_id").GetString());
        Assert.Equal(SignatureCheck.Valid, Assert.Single(_fake.FeedMessages).Signature);
    }

    [Fact]
    public async Task A_private_channel_without_credentials_is_confirmed_but_stays_unauthenticated()
    {
        await PlaceOrderAsync();
        using var client = await CoinbaseFeedClient.ConnectAsync(_fake.WebSocketAddress);

        await client.SendAsync("""{"type":"subscribe","product_ids":["BTC-USD"],"channels":["user"]}""");
        await client.SendAsync("""{"type":"subscribe","product_ids":["BTC-USD"],"channels":["heartbeat"]}""");
        var first = await client.ReceiveAsync();
        var second = await client.ReceiveAsync();

        // Nothing of the account between the two confirmations: the heartbeat subscription's answer comes next.
        Assert.Equal("subscriptions", first.GetProperty("type").GetString());
        Assert.Equal("subscriptions", second.GetProperty("type").GetString());
        Assert.Equal("heartbeat", (await client.ReceiveAsync()).GetProperty("type").GetString());
        Assert.Equal([SignatureCheck.Missing, SignatureCheck.NotRequired], _fake.FeedMessages.Select(m => m.Signature));
    }

    /// <summary>A user-channel subscribe signed the way the docs' example signs it (independent of Sidecar and of the fake).</summary>
    private static JsonObject Signed(string timestamp) => new()
    {
        ["type"] = "subscribe",
        ["product_ids"] = new JsonArray("BTC-USD"),
        ["channels"] = new JsonArray("user"),
        ["signature"] = Convert.ToBase64String(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes(timestamp + "GET/users/self/verify"))),
        ["key"] = ApiKey,
        ["passphrase"] = Passphrase,
        ["timestamp"] = timestamp,
    };

    private async Task PlaceOrderAsync()
    {
        const string body = """{"product_id":"BTC-USD","side":"buy","type":"limit","price":"50000","size":"0.002"}""";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var client = new HttpClient { BaseAddress = _fake.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("CB-ACCESS-KEY", ApiKey);
        request.Headers.Add("CB-ACCESS-TIMESTAMP", timestamp);
        request.Headers.Add("CB-ACCESS-PASSPHRASE", Passphrase);
        request.Headers.Add("CB-ACCESS-SIGN", Convert.ToBase64String(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes(timestamp + "POST/orders" + body))));
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
