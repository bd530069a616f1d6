using System.Net;
using System.Text;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Deribit;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Deribit;

/// <summary>The in-process proxy in front of the fake Deribit, which verifies every signature itself.</summary>
[Collection(HsmCollection.Name)]
public sealed class DeribitProxyTests(SoftHsmToken token) : ProxyVenueTests<DeribitAccount>(token, DeribitProxyCases.Row)
{
    [Fact]
    public async Task The_fake_refuses_a_replayed_nonce_and_a_bad_signature()
    {
        using var client = new HttpClient { BaseAddress = Account.Exchange.BaseAddress };
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var good = DeribitSignature.Compute(Encoding.UTF8.GetBytes(Account.ClientSecret), ts, "abc123", "GET", "/api/v2/private/get_account_summaries", "");

        async Task<string> Send(string sig)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/private/get_account_summaries");
            request.Headers.TryAddWithoutValidation("Authorization", $"deri-hmac-sha256 id={Account.ClientId},ts={ts},sig={sig},nonce=abc123");
            using var response = await client.SendAsync(request);
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }

        Assert.StartsWith("200 ", await Send(good), StringComparison.Ordinal);
        Assert.Contains("\"code\":13009", await Send(good), StringComparison.Ordinal);
        Assert.Contains("\"code\":13009", await Send(new string('0', 64)), StringComparison.Ordinal);
        Assert.Equal([SignatureCheck.Valid, SignatureCheck.Valid, SignatureCheck.Invalid], Account.Exchange.Requests.Select(r => r.Signature));
    }
}
