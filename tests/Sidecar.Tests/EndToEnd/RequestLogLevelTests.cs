using System.Net;
using System.Text;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd;

/// <summary>
/// The real process's console: a forwarded request writes no line by default (the per-request line is Debug, the
/// audit log is the per-request record), a refusal still writes its Warning, and the host's Logging configuration
/// (here <c>Logging__LogLevel__Sidecar=Debug</c>) turns the per-request line back on.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class RequestLogLevelTests(SoftHsmToken token)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Forwarded_requests_are_logged_only_at_debug_and_refusals_always(bool debug)
    {
        await using var binance = BinanceProcessSetup.Create(token, "loglevel");
        var sidecar = await binance.StartAsync(debug ? SidecarProcessUnderTest.RequestLines : null);
        using var order = await binance.Bot.PostAsync("binance/api/v3/order", new StringContent(
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1&newClientOrderId=loglevel-1", Encoding.ASCII, "application/x-www-form-urlencoded"));
        using var withdrawal = await binance.Bot.PostAsync("binance/sapi/v1/capital/withdraw/apply", new StringContent(
            "coin=BTC&address=x&amount=1", Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.OK, order.StatusCode);
        Assert.Equal(1, binance.Upstream.RequestsTo("/api/v3/order"));
        Assert.Equal(HttpStatusCode.Forbidden, withdrawal.StatusCode);
        // The console logger writes from its own thread: the line may come a moment after the answer.
        await Eventually.UntilAsync(() => sidecar.Output.Contains("[201]", StringComparison.Ordinal), "the refusal's log line [201]");

        var output = sidecar.Output;
        Assert.Contains("policy_denied", output, StringComparison.Ordinal);
        if (debug)
        {
            Assert.Contains("POST binance /api/v3/order (Signed) → 200", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("→ 200", output, StringComparison.Ordinal);
            Assert.DoesNotContain("[200]", output, StringComparison.Ordinal);
        }
    }
}
