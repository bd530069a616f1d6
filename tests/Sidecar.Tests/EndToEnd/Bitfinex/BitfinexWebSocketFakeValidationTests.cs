using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Bitfinex;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bitfinex;

/// <summary>
/// The fake Bitfinex's WebSocket checked against ccxt pro's own signer, with no Sidecar involved
/// (bitfinex-ws-bot.mjs in direct mode): the auth event verifies with the account's key, its nonce beats the REST one
/// before it, and watchBalance and watchOrders resolve; with a wrong secret the fake refuses the auth and ccxt fails.
/// </summary>
public sealed class BitfinexWebSocketFakeValidationTests
{
    public static readonly string[] Steps = ["loadMarkets", "fetchBalance", "watchBalance", "createOrder", "watchOrders", "cancelOrder"];

    [Fact]
    public async Task Ccxt_signing_itself_passes_every_step()
    {
        var secret = TestSecrets.BinanceStyle();
        await using var fake = await FakeBitfinex.StartAsync(new FakeBitfinexOptions { ApiKey = "direct-key", Secret = Encoding.ASCII.GetBytes(secret) });

        var result = await CcxtBot.RunAsync("bitfinex-ws-bot.mjs", Direct(fake, secret));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Steps, result.Steps);
        var auth = Assert.Single(fake.WebSockets.Frames);
        Assert.Equal(("auth", SignatureCheck.Valid, "direct-key", null), (auth.Method, auth.Signature, auth.ApiKey, auth.Error));
        Assert.All(fake.Requests, r => Assert.True(r.Signature is SignatureCheck.Valid or SignatureCheck.NotRequired, $"{r.Path}: {r.Signature} {r.ErrorCode}"));
    }

    [Fact]
    public async Task Ccxt_with_a_wrong_secret_is_refused_by_the_fake()
    {
        var secret = TestSecrets.BinanceStyle();
        await using var fake = await FakeBitfinex.StartAsync(new FakeBitfinexOptions { ApiKey = "direct-key", Secret = Encoding.ASCII.GetBytes(secret) });

        var result = await CcxtBot.RunAsync("bitfinex-ws-bot.mjs", Direct(fake, TestSecrets.BinanceStyle()));

        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain(fake.WebSockets.Frames, f => f.Signature == SignatureCheck.Valid);
    }

    [Fact]
    public async Task An_auth_nonce_below_the_keys_rest_nonce_is_refused_as_bitfinex_does()
    {
        var secret = TestSecrets.BinanceStyle();
        await using var fake = await FakeBitfinex.StartAsync(new FakeBitfinexOptions { ApiKey = "direct-key", Secret = Encoding.ASCII.GetBytes(secret) });
        using var http = new HttpClient { BaseAddress = fake.BaseAddress };
        var restNonce = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        using var rest = new HttpRequestMessage(HttpMethod.Post, "/v2/auth/r/wallets") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        rest.Headers.Add("bfx-apikey", "direct-key");
        rest.Headers.Add("bfx-nonce", restNonce.ToString(System.Globalization.CultureInfo.InvariantCulture));
        rest.Headers.Add("bfx-signature", Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA384.HashData(
            Encoding.ASCII.GetBytes(secret), Encoding.ASCII.GetBytes($"/api/v2/auth/r/wallets{restNonce}{{}}"))));
        (await http.SendAsync(rest)).EnsureSuccessStatusCode();

        // ccxt's own nonce is in milliseconds: a thousand times smaller than the µs REST nonce just used.
        await using var client = await TextWebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{fake.BaseAddress.Port}/ws/2"));
        await client.SendAsync(AuthFrame("direct-key", secret, restNonce / 1000));

        using var answer = JsonDocument.Parse(await client.ReceiveTextAsync(m => m.Contains("\"auth\"", StringComparison.Ordinal)));
        Assert.Equal("FAILED", answer.RootElement.GetProperty("status").GetString());
        Assert.Equal(10114, answer.RootElement.GetProperty("code").GetInt32());
    }

    /// <summary>The auth event as docs.bitfinex.com/docs/ws-auth builds it, signed with <paramref name="secret"/>.</summary>
    internal static string AuthFrame(string apiKey, string secret, long nonce, string extra = "")
    {
        var payload = "AUTH" + nonce.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA384.HashData(Encoding.ASCII.GetBytes(secret), Encoding.ASCII.GetBytes(payload)));
        return $$"""{"event":"auth","apiKey":"{{apiKey}}","authSig":"{{signature}}","authNonce":{{nonce}},"authPayload":"{{payload}}"{{extra}}}""";
    }

    private static Dictionary<string, string> Direct(FakeBitfinex fake, string secret) => new()
    {
        ["SIDECAR_MODE"] = "direct",
        ["BITFINEX_URL"] = fake.BaseAddress.ToString(),
        ["BITFINEX_API_KEY"] = "direct-key",
        ["BITFINEX_SECRET"] = secret,
    };
}
