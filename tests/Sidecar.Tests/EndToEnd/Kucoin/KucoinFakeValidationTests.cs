using System.Net;
using System.Security.Cryptography;
using System.Text;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kucoin;

/// <summary>
/// The fake KuCoin's own check beyond its row in <see cref="Conformance.ProxyDirectSigningTests"/> (ccxt's signer:
/// every step passes with the right secret; a wrong secret no longer matches the signed passphrase, 400004): a right
/// passphrase with a wrong signature gets 400005.
/// </summary>
public sealed class KucoinFakeValidationTests
{
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
}
