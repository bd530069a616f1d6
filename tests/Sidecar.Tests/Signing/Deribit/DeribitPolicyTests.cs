using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Policy;

namespace Sidecar.Tests.Signing.Deribit;

/// <summary>deribit's endpoint catalog, accepted body types and order reader.</summary>
public sealed class DeribitPolicyTests
{
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("deribit", out var s) ? s : throw new InvalidOperationException();

    [Theory]
    [InlineData("GET", "/api/v2/private/get_account_summaries", EndpointCategory.Read)]
    [InlineData("POST", "/api/v2/private/get_positions", EndpointCategory.Read)]
    [InlineData("GET", "/api/v2/private/buy", EndpointCategory.Trade)]
    [InlineData("GET", "/api/v2/private/cancel", EndpointCategory.Trade)]
    [InlineData("GET", "/api/v2/private/withdraw", EndpointCategory.Withdrawal)]
    [InlineData("POST", "/api/v2/private/submit_transfer_to_user", EndpointCategory.Transfer)]
    [InlineData("GET", "/api/v2/private/create_subaccount", EndpointCategory.SubAccount)]
    [InlineData("GET", "/api/v2/private/create_api_key", EndpointCategory.ApiKeyManagement)]
    public void Catalog_categorises_the_documented_methods(string method, string path, EndpointCategory expected)
    {
        Assert.Equal(expected, _scheme.Exchange.Endpoints.Find(method, Encoding.ASCII.GetBytes(path)).Category);
    }

    [Fact]
    public void Accepts_queries_and_json_rpc_bodies_only()
    {
        Assert.True(_scheme.Accepts(BodyFormat.None));
        Assert.True(_scheme.Accepts(BodyFormat.Json));
        Assert.False(_scheme.Accepts(BodyFormat.Form));
    }

    [Fact]
    public void Reads_an_order_from_the_query_with_the_side_from_the_method()
    {
        var read = _scheme.Exchange.Endpoints.Find("GET", "/api/v2/private/sell"u8).ReadOrders("instrument_name=BTC-PERPETUAL&amount=10&type=limit&price=50000"u8, [], BodyFormat.None);

        var order = Assert.Single(read.Orders);
        Assert.Equal(("BTC-PERPETUAL", "sell", "limit", 10m, 50000m), (order.Symbol, order.Side, order.Type, order.Quantity, order.Price));
    }

    [Fact]
    public void Reads_an_order_from_a_json_rpc_body()
    {
        var read = _scheme.Exchange.Endpoints.Find("POST", "/api/v2/private/buy"u8).ReadOrders([],
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"private/buy\",\"params\":{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":20,\"price\":49000.5,\"label\":\"b1\"}}"u8, BodyFormat.Json);

        var order = Assert.Single(read.Orders);
        Assert.Equal(("BTC-PERPETUAL", "buy", "limit", 20m, 49000.5m, "b1"), (order.Symbol, order.Side, order.Type, order.Quantity, order.Price, order.ClientOrderId));
    }

    [Fact]
    public void Edits_are_unreadable_and_reads_place_nothing()
    {
        Assert.NotNull(_scheme.Exchange.Endpoints.Find("GET", "/api/v2/private/edit"u8).ReadOrders("order_id=1&amount=10"u8, [], BodyFormat.None).UnreadableReason);
        Assert.False(_scheme.Exchange.Endpoints.Find("GET", "/api/v2/private/get_account_summaries"u8).ReadOrders([], [], BodyFormat.None).PlacesOrders);
    }
}
