using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Coinbase.WebSocket;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Coinbase;

/// <summary>What the Coinbase feed tests of both exchanges set up alike: the relay's configuration and the ccxt pro bot run.</summary>
internal static class CoinbaseFeedSetup
{
    /// <summary>
    /// A config with the WebSocket <paramref name="venue"/> as <paramref name="name"/> and, as
    /// <paramref name="name"/><c>-no-subscribe</c>, the same venue with <c>Deny: ["WS /subscribe"]</c>; audit to a
    /// fresh file in the token's directory.
    /// </summary>
    public static (JsonObject Config, string AuditPath) RelayConfig(SoftHsmToken token, string name, JsonObject venue)
    {
        var denying = (JsonObject)venue.DeepClone();
        denying["Policy"] = new JsonObject { ["Deny"] = new JsonArray("WS /subscribe") };
        var config = SidecarUnderTest.Config(token, new JsonObject { [name] = venue, [name + "-no-subscribe"] = denying });
        var auditPath = Path.Combine(token.Directory, $"audit-{Guid.NewGuid():N}.jsonl");
        config["Audit"] = new JsonObject { ["Path"] = auditPath };
        return (config, auditPath);
    }

    /// <summary>
    /// The bot ran its five steps; the feed got two subscribes and accepted both: the ticker's exactly as
    /// <paramref name="tickerFrame"/> and unsigned, the user channel's rebuilt — no placeholder left, credentials
    /// valid for <paramref name="key"/>. Returns the user subscribe as the fake received it.
    /// </summary>
    public static RecordedFeedMessage AssertWatchedTickerAndOrders(CcxtBot.Result result, IReadOnlyList<RecordedFeedMessage> messages, string tickerFrame, string key)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "watchTicker", "createOrder", "watchOrders", "cancelOrder"], result.Steps);
        Assert.Equal(["ticker", "user"], messages.Select(m => m.Channels.Single()));
        Assert.All(messages, m => Assert.Null(m.Error));
        Assert.Equal((tickerFrame, SignatureCheck.NotRequired), (messages[0].Frame, messages[0].Signature));
        var user = messages[1];
        Assert.Equal((SignatureCheck.Valid, key), (user.Signature, user.Key));
        Assert.DoesNotContain("placeholder", user.Frame, StringComparison.Ordinal);
        return user;
    }
}
