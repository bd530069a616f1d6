using System.Net;
using System.Security.Cryptography;
using System.Text;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kucoin;

/// <summary>
/// The fake KuCoin checked against ccxt's own signer, with no Sidecar involved (kucoin-bot.mjs in direct mode): with
/// the right secret every step passes and every signed call verifies (ccxt's partner headers are sent and ignored);
/// with a wrong secret the signed passphrase no longer matches and the fake answers 400004; a right passphrase with
/// a wrong signature gets 400005.
/// </summary>
public sealed class KucoinFakeValidationTests
{
    [Fact]
    public async Task Ccxt_signing_itself_passes_every_step()
    {
        await using var account = await KucoinAccount.CreateAsync(token: null);

        var result = await RunDirect(account, account.Secret, account.Passphrase);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"], result.Steps);
        var seen = account.Exchange.Requests;
        Assert.All(seen, r => Assert.True(r.Status == 200, $"{r.Method} {r.Path} → {r.Status} ({r.ErrorCode})"));
        Assert.Equal(7, seen.Count(r => r.Signature == SignatureCheck.Valid));
        Assert.All(seen.Where(r => r.Signature == SignatureCheck.Valid), r => Assert.Equal("true", r.Headers["kc-api-partner-verify"]));
    }

    [Fact]
    public async Task Ccxt_with_a_wrong_secret_is_refused()
    {
        await using var account = await KucoinAccount.CreateAsync(token: null);

        var result = await RunDirect(account, Guid.NewGuid().ToString(), account.Passphrase);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("400004", string.Join('\n', result.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correct_passphrase_with_a_wrong_signature_gets_invalid_sign()
    {
        await using var account = await KucoinAccount.CreateAsync(token: null);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var secret = Encoding.UTF8.GetBytes(account.Secret);
        using var client = new HttpClient { BaseAddress = account.Exchange.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/accounts?type=trade");
        request.Headers.Add("KC-API-KEY", account.ApiKey);
        request.Headers.Add("KC-API-TIMESTAMP", timestamp);
        request.Headers.Add("KC-API-KEY-VERSION", "2");
        request.Headers.Add("KC-API-PASSPHRASE", Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(account.Passphrase))));
        request.Headers.Add("KC-API-SIGN", Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(timestamp + "GET/api/v1/accounts?type=other"))));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"400005\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SignatureCheck.Invalid, Assert.Single(account.Exchange.Requests).Signature);
    }

    private static Task<CcxtBot.Result> RunDirect(KucoinAccount account, string secret, string passphrase) =>
        CcxtBot.RunAsync("kucoin-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "direct",
            ["KUCOIN_URL"] = account.Exchange.BaseAddress.ToString(),
            ["KUCOIN_API_KEY"] = account.ApiKey,
            ["KUCOIN_SECRET"] = secret,
            ["KUCOIN_PASSWORD"] = passphrase,
        });
}
