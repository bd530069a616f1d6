using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Policy;

namespace Sidecar.Tests.Signing.CoinbaseAdvanced;

/// <summary>coinbase-advanced's endpoint catalog, accepted body types and order reader.</summary>
public sealed class CoinbaseAdvancedPolicyTests
{
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("coinbase-advanced", out var s) ? s : throw new InvalidOperationException();

    [Theory]
    [InlineData("GET", "/api/v3/brokerage/accounts", EndpointCategory.Read)]
    [InlineData("GET", "/api/v3/brokerage/transaction_summary", EndpointCategory.Read)]
    [InlineData("GET", "/api/v3/brokerage/orders/historical/batch", EndpointCategory.Read)]
    [InlineData("POST", "/api/v3/brokerage/orders", EndpointCategory.Trade)]
    [InlineData("POST", "/api/v3/brokerage/orders/batch_cancel", EndpointCategory.Trade)]
    [InlineData("POST", "/v2/accounts/6b17acd6-2e68-5eb0-9f45-72d67cef578a/transactions", EndpointCategory.Withdrawal)]
    [InlineData("POST", "/v2/accounts/6b17acd6-2e68-5eb0-9f45-72d67cef578a/withdrawals", EndpointCategory.Withdrawal)]
    [InlineData("POST", "/api/v3/brokerage/portfolios/move_funds", EndpointCategory.Transfer)]
    [InlineData("POST", "/api/v3/brokerage/portfolios", EndpointCategory.SubAccount)]
    [InlineData("GET", "/api/v3/brokerage/cfm/sweeps", EndpointCategory.Read)]
    [InlineData("POST", "/api/v3/brokerage/cfm/sweeps/schedule", EndpointCategory.Transfer)]
    public void Catalog_categorises_the_documented_endpoints(string method, string path, EndpointCategory expected)
    {
        Assert.Equal(expected, _scheme.Exchange.Endpoints.Find(method, Encoding.ASCII.GetBytes(path)).Category);
    }

    [Fact]
    public void Accepts_json_bodies_only()
    {
        Assert.True(_scheme.Accepts(BodyFormat.Json));
        Assert.False(_scheme.Accepts(BodyFormat.Form));
    }

    [Fact]
    public void Reads_the_order_configuration()
    {
        var read = _scheme.Exchange.Endpoints.Find("POST", "/api/v3/brokerage/orders"u8).ReadOrders([],
            "{\"client_order_id\":\"ccxt-1\",\"product_id\":\"BTC-USD\",\"side\":\"BUY\",\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.002\",\"limit_price\":\"50000\",\"post_only\":false}}}"u8,
            BodyFormat.Json);

        var order = Assert.Single(read.Orders);
        Assert.Equal(("BTC-USD", "BUY", "limit_limit_gtc", 0.002m, 50000m, "ccxt-1"), (order.Symbol, order.Side, order.Type, order.Quantity, order.Price, order.ClientOrderId));
    }

    [Fact]
    public void Edits_are_unreadable_and_cancels_place_nothing()
    {
        Assert.NotNull(_scheme.Exchange.Endpoints.Find("POST", "/api/v3/brokerage/orders/edit"u8).ReadOrders([], "{}"u8, BodyFormat.Json).UnreadableReason);
        Assert.False(_scheme.Exchange.Endpoints.Find("POST", "/api/v3/brokerage/orders/batch_cancel"u8).ReadOrders([], "{\"order_ids\":[\"x\"]}"u8, BodyFormat.Json).PlacesOrders);
    }
}
