using System.Globalization;
using System.Net;
using System.Text;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Kraken;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kraken;

/// <summary>The in-process proxy in front of the fake Kraken, which verifies every signature and nonce with its own code.</summary>
[Collection(HsmCollection.Name)]
public sealed class KrakenProxyTests(SoftHsmToken token) : ProxyVenueTests<KrakenAccount>(token, KrakenProxyCases.Row)
{
    private FakeKraken Exchange => Account.Exchange;

    [Fact]
    public async Task An_absurd_bot_nonce_is_replaced_and_cannot_exhaust_the_keys_nonces()
    {
        using var absurd = await Proxy.Client.PostAsync("/kraken/0/private/BalanceEx", Form("nonce=9223372036854775807"));
        using var next = await Proxy.Client.PostAsync("/kraken/0/private/BalanceEx", Form(""));

        Assert.Equal(HttpStatusCode.OK, absurd.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(2, Exchange.Requests.Count);
        Assert.All(Exchange.Requests, seen =>
        {
            Assert.Equal(SignatureCheck.Valid, seen.Signature);
            Assert.Null(seen.ErrorCode);
            Assert.Matches("^nonce=[0-9]{16}$", seen.Body);
        });
        Assert.True(long.Parse(Exchange.Requests[1].Body["nonce=".Length..], CultureInfo.InvariantCulture) > long.Parse(Exchange.Requests[0].Body["nonce=".Length..], CultureInfo.InvariantCulture));
    }

    private static StringContent Form(string body) => new(body, Encoding.ASCII, "application/x-www-form-urlencoded");
}
