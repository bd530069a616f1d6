using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Policy;

namespace Sidecar.Tests.Signing.CoinbaseExchange;

/// <summary>coinbase-exchange's endpoint catalog, accepted body types and order reader.</summary>
public sealed class CoinbaseExchangePolicyTests
{
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("coinbase-exchange", out var s) ? s : throw new InvalidOperationException();

    [Theory]
    [InlineData("GET", "/accounts", EndpointCategory.Read)]
    [InlineData("GET", "/accounts/71452118-efc7-4cc4-8780-a5e22d4baa53/ledger", EndpointCategory.Read)]
    [InlineData("GET", "/orders", EndpointCategory.Read)]
    [InlineData("GET", "/fills", EndpointCategory.Read)]
    [InlineData("POST", "/orders", EndpointCategory.Trade)]
    [InlineData("DELETE", "/orders/d0c5340b-6d6c-49d9-b567-48c4bfca13d2", EndpointCategory.Trade)]
    [InlineData("DELETE", "/orders", EndpointCategory.Trade)]
    [InlineData("POST", "/withdrawals/crypto", EndpointCategory.Withdrawal)]
    [InlineData("POST", "/withdrawals/payment-method", EndpointCategory.Withdrawal)]
    [InlineData("GET", "/withdrawals/fee-estimate", EndpointCategory.Read)]
    [InlineData("POST", "/address-book", EndpointCategory.Withdrawal)]
    [InlineData("POST", "/deposits/payment-method", EndpointCategory.Transfer)]
    [InlineData("POST", "/profiles/transfer", EndpointCategory.Transfer)]
    [InlineData("POST", "/profiles", EndpointCategory.SubAccount)]
    public void Catalog_categorises_the_documented_endpoints(string method, string path, EndpointCategory expected)
    {
        Assert.Equal(expected, _scheme.Exchange.Endpoints.Find(method, Encoding.ASCII.GetBytes(path)).Category);
    }

    [Fact]
    public void Accepts_json_bodies_only()
    {
        Assert.True(_scheme.Accepts(BodyFormat.None));
        Assert.True(_scheme.Accepts(BodyFormat.Json));
        Assert.False(_scheme.Accepts(BodyFormat.Form));
        Assert.False(_scheme.Accepts(BodyFormat.Other));
    }

    [Fact]
    public void Reads_a_limit_order()
    {
        var read = _scheme.Exchange.Endpoints.Find("POST", "/orders"u8).ReadOrders([],
            "{\"type\":\"limit\",\"side\":\"buy\",\"product_id\":\"BTC-USD\",\"price\":\"50000.00\",\"size\":\"0.002\",\"client_oid\":\"c-1\"}"u8, BodyFormat.Json);

        var order = Assert.Single(read.Orders);
        Assert.Equal(("BTC-USD", "buy", "limit", 0.002m, 50000.00m, "c-1"), (order.Symbol, order.Side, order.Type, order.Quantity, order.Price, order.ClientOrderId));
    }

    [Fact]
    public void Other_requests_place_no_order_and_a_broken_body_is_an_error()
    {
        Assert.False(_scheme.Exchange.Endpoints.Find("DELETE", "/orders/x"u8).ReadOrders([], [], BodyFormat.None).PlacesOrders);
        Assert.False(_scheme.Exchange.Endpoints.Find("GET", "/orders"u8).ReadOrders("status=open"u8, [], BodyFormat.None).PlacesOrders);
        Assert.Throws<FormatException>(() => _scheme.Exchange.Endpoints.Find("POST", "/orders"u8).ReadOrders([], "not json"u8, BodyFormat.Json));
    }
}
