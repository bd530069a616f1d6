using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.CoinbaseAdvanced;
using Sidecar.FakeExchange.CoinbaseAdvanced.WebSocket;
using Sidecar.Tests.EndToEnd.Coinbase;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.CoinbaseAdvanced;

/// <summary>
/// The fake Coinbase Advanced Trade feed against ccxt pro signing for itself (direct mode, no Sidecar): what ccxt
/// sends with the key the fake trusts is accepted and answered so that watchTicker and watchOrders resolve. And the
/// fake's rules, with a plain client: a JWT signed by another key, with a uri claim, or missing is refused the way
/// Coinbase refuses it.
/// </summary>
public sealed class CoinbaseAdvancedWebSocketFakeValidationTests
{
    private const string Bot = "coinbase-advanced-ws-bot.mjs";

    [Fact]
    public async Task Fake_accepts_what_ccxt_pro_signs_itself()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (bot, fake) = await RunDirectAsync(key.ExportSubjectPublicKeyInfoPem(), key.ExportECPrivateKeyPem());
        await using var _ = fake;

        Assert.True(bot.ExitCode == 0, bot.ToString());
        Assert.Equal(["loadMarkets", "watchTicker", "createOrder", "watchOrders", "cancelOrder"], bot.Steps);
        var messages = fake.Exchange.FeedMessages;
        var ticker = Assert.Single(messages, m => m.Channels.SequenceEqual(["ticker"]));
        Assert.Equal((SignatureCheck.NotRequired, null, (string?)null), (ticker.Signature, ticker.Key, ticker.Error));
        Assert.DoesNotContain("jwt", ticker.Frame, StringComparison.Ordinal);
        var user = Assert.Single(messages, m => m.Channels.SequenceEqual(["user"]));
        Assert.Equal((SignatureCheck.Valid, fake.KeyName, (string?)null), (user.Signature, user.Key, user.Error));
        Assert.Equal(["BTC-USD"], user.ProductIds);
    }

    [Fact]
    public async Task A_jwt_signed_by_another_key_is_refused_the_way_coinbase_refuses_it()
    {
        using var trusted = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var fake = await StartAsync(trusted.ExportSubjectPublicKeyInfoPem(), port: 0);
        using var client = await CoinbaseFeedClient.ConnectAsync(fake.Exchange.WebSocketAddress);

        await client.SendAsync(Subscribe(Token(other, fake.KeyName, uri: null)));

        Assert.Equal("""{"type":"error","message":"authentication failure"}""", (await client.ReceiveAsync()).GetRawText());
        var user = Assert.Single(fake.Exchange.FeedMessages);
        Assert.Equal((SignatureCheck.Invalid, fake.KeyName, AdvancedTradeFeed.AuthenticationFailure), (user.Signature, user.Key, user.Error));
    }

    [Fact]
    public async Task The_user_channel_without_a_jwt_is_refused_and_market_data_needs_none()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var fake = await StartAsync(key.ExportSubjectPublicKeyInfoPem(), port: 0);
        using var client = await CoinbaseFeedClient.ConnectAsync(fake.Exchange.WebSocketAddress);

        await client.SendAsync("""{"type":"subscribe","product_ids":["BTC-USD"],"channel":"user"}""");
        var refused = await client.ReceiveAsync();
        await client.SendAsync("""{"type":"subscribe","product_ids":["BTC-USD"],"channel":"ticker"}""");
        var confirmed = await client.ReceiveAsync();
        var ticker = await client.ReceiveAsync();

        Assert.Equal("""{"type":"error","message":"authentication failure"}""", refused.GetRawText());
        Assert.Equal("subscriptions", confirmed.GetProperty("channel").GetString());
        Assert.Equal("""{"ticker":["BTC-USD"]}""", confirmed.GetProperty("events")[0].GetProperty("subscriptions").GetRawText());
        Assert.Equal("BTC-USD", ticker.GetProperty("events")[0].GetProperty("tickers")[0].GetProperty("product_id").GetString());
        Assert.Equal([SignatureCheck.Missing, SignatureCheck.NotRequired], fake.Exchange.FeedMessages.Select(m => m.Signature));
    }

    [Fact]
    public async Task A_websocket_jwt_must_not_carry_a_uri_and_a_valid_one_opens_the_user_snapshot()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var fake = await StartAsync(key.ExportSubjectPublicKeyInfoPem(), port: 0);
        using var client = await CoinbaseFeedClient.ConnectAsync(fake.Exchange.WebSocketAddress);

        await client.SendAsync(Subscribe(Token(key, fake.KeyName, uri: "GET api.coinbase.com/api/v3/brokerage/accounts")));
        var refused = await client.ReceiveAsync();
        await client.SendAsync(Subscribe(Token(key, fake.KeyName, uri: null)));
        var confirmed = await client.ReceiveAsync();
        var snapshot = await client.ReceiveAsync();

        Assert.Equal("authentication failure", refused.GetProperty("message").GetString());
        Assert.Equal("subscriptions", confirmed.GetProperty("channel").GetString());
        Assert.Equal("user", snapshot.GetProperty("channel").GetString());
        Assert.Equal("snapshot", snapshot.GetProperty("events")[0].GetProperty("type").GetString());
        Assert.Equal([SignatureCheck.Invalid, SignatureCheck.Valid], fake.Exchange.FeedMessages.Select(m => m.Signature));
    }

    private static string Subscribe(string jwt) =>
        new JsonObject { ["type"] = "subscribe", ["product_ids"] = new JsonArray(), ["channel"] = "user", ["jwt"] = jwt }.ToJsonString();

    /// <summary>A CDP JWT made by the test itself (as the docs' samples make one): ES256, kid/nonce header, 2-minute claims.</summary>
    private static string Token(ECDsa key, string keyName, string? uri)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = keyName, ["nonce"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), ["typ"] = "JWT" };
        var claims = new JsonObject { ["sub"] = keyName, ["iss"] = "cdp", ["nbf"] = now, ["exp"] = now + 120 };
        if (uri is not null)
        {
            claims["uri"] = uri;
        }

        var signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static async Task<(CcxtBot.Result Bot, DirectFake Fake)> RunDirectAsync(string trustedPublicPem, string botPrivatePem)
    {
        CcxtBot.EnsureInstalled();

        // ccxt builds the REST uri claim from its URL with only "https://" removed: talking plain http to the fake, the
        // claim reads "GET http://127.0.0.1:{port}/…", so the fake is told to expect that host.
        var fake = await StartAsync(trustedPublicPem, FreePort());
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["SIDECAR_MODE"] = "direct",
                ["EXCHANGE_URL"] = fake.Exchange.BaseAddress.ToString(),
                ["EXCHANGE_API_KEY"] = fake.KeyName,
                ["EXCHANGE_SECRET"] = botPrivatePem,
            };
            return (await CcxtBot.RunAsync(Bot, environment), fake);
        }
        catch
        {
            await fake.DisposeAsync();
            throw;
        }
    }

    private static async Task<DirectFake> StartAsync(string publicPem, int port)
    {
        var keyName = $"organizations/{Guid.NewGuid()}/apiKeys/{Guid.NewGuid()}";
        var exchange = await FakeCoinbaseAdvanced.StartAsync(new FakeCoinbaseAdvancedOptions
        {
            KeyName = keyName,
            PublicKeyPem = publicPem,
            SignedHost = $"http://127.0.0.1:{port}",
            Port = port,
        });
        return new DirectFake(exchange, keyName);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record DirectFake(FakeCoinbaseAdvanced Exchange, string KeyName) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Exchange.DisposeAsync();
    }
}
