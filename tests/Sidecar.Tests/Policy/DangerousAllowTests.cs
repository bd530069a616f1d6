using Sidecar.Policy;
using Sidecar.Signing;
using Sidecar.Signing.Policy;

namespace Sidecar.Tests.Policy;

/// <summary>
/// Allow rules that open what no profile allows are named at start-up and by the doctor, whether the rule is for
/// REST requests or for WebSocket frames (judged by the exchange's WebSocket method table), or for both (<c>*</c>).
/// </summary>
public sealed class DangerousAllowTests
{
    [Theory]
    [InlineData("binance-hmac", "POST /sapi/v1/capital/withdraw/apply", EndpointCategory.Withdrawal)]
    [InlineData("deribit", "GET /api/v2/private/withdraw", EndpointCategory.Withdrawal)]
    [InlineData("deribit", "WS /private/withdraw", EndpointCategory.Withdrawal)]
    [InlineData("deribit", "* /private/withdraw", EndpointCategory.Withdrawal)]
    [InlineData("deribit", "WS /private/submit_transfer_to_user", EndpointCategory.Transfer)]
    [InlineData("deribit", "WS /private/buy", null)]
    [InlineData("binance-hmac", "WS /order.place", null)]
    [InlineData("binance-hmac", "GET /api/v3/account", null)]
    public void An_allow_rule_is_judged_by_the_table_of_its_transport(string scheme, string rule, EndpointCategory? dangerous)
    {
        Assert.True(SigningSchemes.TryGet(scheme, out var signing));
        var policy = new VenuePolicy(signing, "trade", [EndpointPattern.Parse(rule)], [], [], [], null, null);

        var found = policy.DangerousAllows().ToList();

        if (dangerous is null)
        {
            Assert.Empty(found);
        }
        else
        {
            Assert.Equal(dangerous, Assert.Single(found).Category);
        }
    }
}
