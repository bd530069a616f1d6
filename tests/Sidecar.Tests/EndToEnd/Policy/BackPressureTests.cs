using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// The exchange's own back-pressure: after a 429 (over the weight limit) or a 418 (Binance's IP ban) with
/// Retry-After, nothing more is signed for that venue until the time has passed. Other venues sign on.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BackPressureTests(SoftHsmToken token)
{
    [Theory]
    [InlineData(429)]
    [InlineData(418)]
    public async Task After_the_exchanges_Retry_After_nothing_is_signed_for_that_venue_until_it_passes(int status)
    {
        await using var account = await BinanceAccount.CreateAsync(token);
        await using var throttling = await ThrottlingUpstream.StartAsync(retryAfterSeconds: 1, status);
        var venues = new JsonObject
        {
            ["t"] = SidecarUnderTest.Venue("binance-hmac", throttling.BaseAddress, account.ApiKey, account.KeyLabel, "throttled.binance.test"),
            ["binance"] = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, "api.binance.com"),
        };
        await using var sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, venues));

        using var first = await sidecar.Client.GetAsync("/t/api/v3/account");
        using var held = await sidecar.Client.GetAsync("/t/api/v3/account");
        var signsWhileHeld = sidecar.Signs;
        using var otherVenue = await sidecar.Client.GetAsync("/binance/api/v3/account");

        Assert.Equal(status, (int)first.StatusCode);
        Assert.False(first.Headers.Contains("X-Sidecar-Error")); // the exchange's own answer, passed through
        await SidecarErrors.AssertAsync(held, 429, "rate_limited");
        var retryAfter = int.Parse(Assert.Single(held.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 1);
        Assert.Equal(1, throttling.Requests); // the held request was neither signed nor sent
        Assert.Equal(1, signsWhileHeld);
        Assert.Equal(HttpStatusCode.OK, otherVenue.StatusCode); // another venue is not held back
        Assert.Equal(SignatureCheck.Valid, Assert.Single(account.Exchange.Requests).Signature);

        // Once Retry-After has passed, the venue signs again.
        throttling.Throttling = false;
        var waited = Stopwatch.StartNew();
        await Eventually.UntilAsync(async () =>
        {
            using var attempt = await sidecar.Client.GetAsync("/t/api/v3/account");
            return attempt.StatusCode == HttpStatusCode.OK;
        }, "the venue to sign again after Retry-After");
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), $"signing resumed after {waited.Elapsed.TotalSeconds:0.0} s for a 1 s Retry-After");
        Assert.Equal(2, throttling.Requests); // refused attempts in between never reached the exchange
    }
}
