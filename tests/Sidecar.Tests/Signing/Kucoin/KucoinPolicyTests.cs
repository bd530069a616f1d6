using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Policy;

namespace Sidecar.Tests.Signing.Kucoin;

/// <summary>kucoin's endpoint catalog, accepted body types and order reading, as the policy uses them.</summary>
public sealed class KucoinPolicyTests
{
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("kucoin", out var s) ? s : throw new InvalidOperationException();

    [Theory]
    [InlineData("POST", "/api/v1/withdrawals", EndpointCategory.Withdrawal)]
    [InlineData("POST", "/api/v3/withdrawals", EndpointCategory.Withdrawal)]
    [InlineData("DELETE", "/api/v1/withdrawals/5bffb63303aa675e8bbe18f9", EndpointCategory.Withdrawal)]
    [InlineData("POST", "/api/v2/accounts/inner-transfer", EndpointCategory.Transfer)]
    [InlineData("POST", "/api/v3/accounts/universal-transfer", EndpointCategory.Transfer)]
    [InlineData("POST", "/api/v3/transfer-out", EndpointCategory.Transfer)]
    [InlineData("POST", "/api/ua/v1/account/transfer", EndpointCategory.Transfer)]
    [InlineData("POST", "/api/v2/sub/user/created", EndpointCategory.SubAccount)]
    [InlineData("POST", "/api/v1/sub/api-key", EndpointCategory.ApiKeyManagement)]
    [InlineData("POST", "/api/v1/sub/api-key/update", EndpointCategory.ApiKeyManagement)]
    [InlineData("DELETE", "/api/v1/sub/api-key", EndpointCategory.ApiKeyManagement)]
    [InlineData("GET", "/api/v1/withdrawals", EndpointCategory.Read)]
    [InlineData("GET", "/api/v1/accounts", EndpointCategory.Read)]
    [InlineData("GET", "/api/ua/v1/account/mode", EndpointCategory.Read)]
    [InlineData("GET", "/api/v3/margin/symbols", EndpointCategory.Read)]
    [InlineData("GET", "/api/v1/isolated/symbols", EndpointCategory.Read)]
    [InlineData("GET", "/api/v1/hf/accounts/opened", EndpointCategory.Read)]
    [InlineData("GET", "/api/v1/orders", EndpointCategory.Read)]
    [InlineData("GET", "/api/v1/account-overview", EndpointCategory.Read)]
    [InlineData("POST", "/api/v1/bullet-private", EndpointCategory.Read)]
    [InlineData("POST", "/api/v1/orders", EndpointCategory.Trade)]
    [InlineData("DELETE", "/api/v1/orders/5bd6e9286d99522a52e458de", EndpointCategory.Trade)]
    [InlineData("POST", "/api/v1/hf/orders", EndpointCategory.Trade)]
    [InlineData("DELETE", "/api/v1/hf/orders/5bd6e9286d99522a52e458de", EndpointCategory.Trade)]
    [InlineData("POST", "/api/ua/v1/unified/order/place", EndpointCategory.Trade)]
    [InlineData("POST", "/api/v3/margin/borrow", EndpointCategory.Unknown)]
    [InlineData("POST", "/api/v1/deposit-addresses", EndpointCategory.Unknown)]
    public void Catalog_categorizes_endpoints_as_the_docs_describe_them(string method, string path, EndpointCategory expected)
    {
        Assert.Equal(expected, _scheme.Exchange.Endpoints.Find(method, Encoding.ASCII.GetBytes(path)).Category);
    }

    [Theory]
    [InlineData(BodyFormat.None, true)]
    [InlineData(BodyFormat.Json, true)]
    [InlineData(BodyFormat.Form, false)]
    [InlineData(BodyFormat.Other, false)]
    public void Accepts_json_bodies_only(BodyFormat format, bool accepted)
    {
        Assert.Equal(accepted, _scheme.Accepts(format));
    }

    [Fact]
    public void Reads_a_single_order_from_the_json_body()
    {
        var read = Read("/api/v1/orders", "{\"clientOid\":\"c1\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}");

        var order = Assert.Single(read.Orders);
        Assert.Equal("BTC-USDT", order.Symbol);
        Assert.Equal("buy", order.Side);
        Assert.Equal("limit", order.Type);
        Assert.Equal(0.002m, order.Quantity);
        Assert.Equal(50000m, order.Price);
        Assert.Equal("c1", order.ClientOrderId);
    }

    [Fact]
    public void An_order_without_a_type_is_a_limit_order_as_documented()
    {
        Assert.Equal("limit", Assert.Single(Read("/api/v1/hf/orders", "{\"symbol\":\"BTC-USDT\",\"side\":\"buy\",\"size\":\"1\",\"price\":\"1\"}").Orders).Type);
    }

    [Fact]
    public void Reads_spot_batches_with_the_symbol_at_the_top()
    {
        var read = Read("/api/v1/orders/multi", "{\"symbol\":\"BTC-USDT\",\"orderList\":[{\"clientOid\":\"a\",\"side\":\"buy\",\"type\":\"limit\",\"price\":\"1\",\"size\":\"2\"},{\"clientOid\":\"b\",\"side\":\"sell\",\"type\":\"limit\",\"price\":\"3\",\"size\":\"4\"}]}");

        Assert.Equal(["BTC-USDT", "BTC-USDT"], read.Orders.Select(o => o.Symbol));
        Assert.Equal([2m, 12m], read.Orders.Select(o => o.Notional!.Value));
    }

    [Fact]
    public void Reads_futures_batches_as_an_array()
    {
        var read = Read("/api/v1/orders/multi", "[{\"clientOid\":\"a\",\"symbol\":\"XBTUSDTM\",\"side\":\"buy\",\"type\":\"limit\",\"price\":\"1\",\"size\":2,\"leverage\":3}]");

        Assert.Equal("XBTUSDTM", Assert.Single(read.Orders).Symbol);
    }

    [Theory]
    [InlineData("/api/v1/hf/orders/alter")]
    [InlineData("/api/v3/oco/order")]
    [InlineData("/api/ua/v1/unified/order/place")]
    public void Orders_it_cannot_inspect_are_unreadable(string path)
    {
        var read = Read(path, "{\"symbol\":\"BTC-USDT\"}");

        Assert.True(read.PlacesOrders);
        Assert.NotNull(read.UnreadableReason);
    }

    [Fact]
    public void Cancels_and_account_changes_place_no_order()
    {
        Assert.False(_scheme.Exchange.Endpoints.Find("DELETE", "/api/v1/orders/x"u8).ReadOrders([], [], BodyFormat.None).PlacesOrders);
        Assert.False(Read("/api/ua/v1/account/mode", "{\"accountMode\":\"UNIFIED\"}").PlacesOrders);
    }

    [Theory]
    [InlineData("/api/v1/orders/multi", "{\"symbol\":\"BTC-USDT\"}")]
    [InlineData("/api/v1/orders", "{\"symbol\":\"BTC-USDT\",\"price\":\"x\"}")]
    public void Malformed_orders_are_format_errors(string path, string body)
    {
        Assert.Throws<FormatException>(() => Read(path, body));
    }

    private OrderRead Read(string path, string body) =>
        _scheme.Exchange.Endpoints.Find("POST", Encoding.ASCII.GetBytes(path)).ReadOrders([], Encoding.UTF8.GetBytes(body), BodyFormat.Json);
}
