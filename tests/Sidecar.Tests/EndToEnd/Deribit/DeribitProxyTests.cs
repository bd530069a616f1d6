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
    public async Task Bot_sent_authorization_is_replaced()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/deribit/api/v2/private/get_account_summaries");
        request.Headers.TryAddWithoutValidation("Authorization", "deri-hmac-sha256 id=placeholder,ts=1,sig=00,nonce=x");

        using var response = await Proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Account.Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        var authorization = DeribitSignature.ParseAuthorization(seen.Headers["authorization"])!;
        Assert.Equal(Account.ClientId, authorization["id"]);
        Assert.NotEqual("1", authorization["ts"]);
    }

    [Fact]
    public async Task A_well_formed_bot_ts_and_nonce_reach_the_exchange_unchanged_and_signed()
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/deribit/api/v2/private/get_account_summary?currency=BTC");
        request.Headers.TryAddWithoutValidation("Authorization", $"deri-hmac-sha256 id=placeholder,ts={ts},sig={new string('0', 64)},nonce=bot-nonce-1");

        using var response = await Proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Account.Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        var authorization = DeribitSignature.ParseAuthorization(seen.Headers["authorization"])!;
        Assert.Equal((Account.ClientId, ts, "bot-nonce-1"), (authorization["id"], authorization["ts"], authorization["nonce"]));
        Assert.NotEqual(new string('0', 64), authorization["sig"]);
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
