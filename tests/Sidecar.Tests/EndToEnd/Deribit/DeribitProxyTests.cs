using System.Net;
using System.Text;
using System.Text.Json;
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
    public async Task Unsigned_query_is_signed_and_accepted()
    {
        using var response = await Proxy.Client.GetAsync("/deribit/api/v2/private/get_account_summary?currency=BTC");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Account.Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("currency=BTC", seen.RawQuery);
        var authorization = DeribitSignature.ParseAuthorization(seen.Headers["authorization"])!;
        Assert.Equal(Account.ClientId, authorization["id"]);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BTC", answer.RootElement.GetProperty("result").GetProperty("currency").GetString());
    }

    [Fact]
    public async Task A_json_rpc_body_is_signed_and_accepted()
    {
        const string rpc = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"private/buy\",\"params\":{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":10,\"type\":\"limit\",\"price\":50000}}";
        using var response = await Proxy.Client.PostAsync("/https://www.deribit.com/api/v2/private/buy", new StringContent(rpc, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Account.Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(rpc, seen.Body);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(7, answer.RootElement.GetProperty("id").GetInt32());
        Assert.Equal("open", answer.RootElement.GetProperty("result").GetProperty("order").GetProperty("order_state").GetString());
    }

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
