using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Policy;

namespace Sidecar.Tests.Signing.Bybit;

/// <summary>bybit-v5's endpoint catalog, accepted body types and order reading, as the policy uses them.</summary>
public sealed class BybitPolicyTests
{
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("bybit-v5", out var s) ? s : throw new InvalidOperationException();

    [Theory]
    [InlineData("POST", "/v5/asset/withdraw/create", EndpointCategory.Withdrawal)]
    [InlineData("POST", "/v5/asset/withdraw/cancel", EndpointCategory.Withdrawal)]
    [InlineData("POST", "/v5/asset/transfer/inter-transfer", EndpointCategory.Transfer)]
    [InlineData("POST", "/v5/asset/transfer/universal-transfer", EndpointCategory.Transfer)]
    [InlineData("POST", "/v5/position/move-positions", EndpointCategory.Transfer)]
    [InlineData("POST", "/v5/user/create-sub-member", EndpointCategory.SubAccount)]
    [InlineData("POST", "/v5/user/create-sub-api", EndpointCategory.ApiKeyManagement)]
    [InlineData("POST", "/v5/user/update-api", EndpointCategory.ApiKeyManagement)]
    [InlineData("POST", "/v5/user/delete-api", EndpointCategory.ApiKeyManagement)]
    [InlineData("GET", "/v5/asset/withdraw/query-record", EndpointCategory.Read)]
    [InlineData("GET", "/v5/asset/coin/query-info", EndpointCategory.Read)]
    [InlineData("GET", "/v5/user/query-api", EndpointCategory.Read)]
    [InlineData("GET", "/v5/account/info", EndpointCategory.Read)]
    [InlineData("GET", "/v5/account/wallet-balance", EndpointCategory.Read)]
    [InlineData("GET", "/v5/order/realtime", EndpointCategory.Read)]
    [InlineData("GET", "/v5/position/list", EndpointCategory.Read)]
    [InlineData("POST", "/v5/order/create", EndpointCategory.Trade)]
    [InlineData("POST", "/v5/order/cancel", EndpointCategory.Trade)]
    [InlineData("POST", "/v5/order/create-batch", EndpointCategory.Trade)]
    [InlineData("POST", "/v5/position/set-leverage", EndpointCategory.Trade)]
    [InlineData("POST", "/v5/account/borrow", EndpointCategory.Unknown)]
    [InlineData("POST", "/v5/asset/exchange/convert-execute", EndpointCategory.Unknown)]
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
        var read = Read("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":50000,\"orderLinkId\":\"bot-1\"}");

        var order = Assert.Single(read.Orders);
        Assert.Equal("BTCUSDT", order.Symbol);
        Assert.Equal("Buy", order.Side);
        Assert.Equal("Limit", order.Type);
        Assert.Equal(0.002m, order.Quantity);
        Assert.Equal(50000m, order.Price);
        Assert.Equal(100m, order.Notional);
        Assert.Equal("bot-1", order.ClientOrderId);
    }

    [Fact]
    public void Reads_every_order_of_a_batch()
    {
        var read = Read("/v5/order/create-batch", "{\"category\":\"linear\",\"request\":[{\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"10\"},{\"symbol\":\"ETHUSDT\",\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"2\"}]}");

        Assert.Equal(["BTCUSDT", "ETHUSDT"], read.Orders.Select(o => o.Symbol));
        Assert.Null(read.Orders[1].Price);
    }

    [Theory]
    [InlineData("/v5/order/amend")]
    [InlineData("/v5/order/amend-batch")]
    [InlineData("/v5/position/trading-stop")]
    public void Orders_it_cannot_inspect_are_unreadable(string path)
    {
        var read = Read(path, "{\"symbol\":\"BTCUSDT\"}");

        Assert.True(read.PlacesOrders);
        Assert.NotNull(read.UnreadableReason);
    }

    [Theory]
    [InlineData("POST", "/v5/order/cancel")]
    [InlineData("GET", "/v5/order/realtime")]
    public void Other_requests_place_no_order(string method, string path)
    {
        Assert.False(_scheme.Exchange.Endpoints.Find(method, Encoding.ASCII.GetBytes(path)).ReadOrders([], "{}"u8, BodyFormat.Json).PlacesOrders);
    }

    [Theory]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"qty\":\"lots\"}")]
    [InlineData("[1,2]")]
    [InlineData("{\"symbol\":{\"a\":1}}")]
    public void Malformed_orders_are_format_errors(string body)
    {
        Assert.Throws<FormatException>(() => Read("/v5/order/create", body));
    }

    private OrderRead Read(string path, string body) =>
        _scheme.Exchange.Endpoints.Find("POST", Encoding.ASCII.GetBytes(path)).ReadOrders([], Encoding.UTF8.GetBytes(body), BodyFormat.Json);
}
