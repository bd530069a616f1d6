using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Policy;

namespace Sidecar.Tests.Signing.Bitmex;

/// <summary>bitmex's endpoint catalog, accepted body types and order reader.</summary>
public sealed class BitmexPolicyTests
{
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("bitmex", out var s) ? s : throw new InvalidOperationException();

    [Theory]
    [InlineData("GET", "/api/v1/user/margin", EndpointCategory.Read)]
    [InlineData("GET", "/api/v1/user/wallet", EndpointCategory.Read)]
    [InlineData("GET", "/api/v1/position", EndpointCategory.Read)]
    [InlineData("POST", "/api/v1/order", EndpointCategory.Trade)]
    [InlineData("DELETE", "/api/v1/order", EndpointCategory.Trade)]
    [InlineData("POST", "/api/v1/user/requestWithdrawal", EndpointCategory.Withdrawal)]
    [InlineData("POST", "/api/v1/address", EndpointCategory.Withdrawal)]
    [InlineData("GET", "/api/v1/address", EndpointCategory.Read)]
    [InlineData("POST", "/api/v1/user/walletTransfer", EndpointCategory.Transfer)]
    [InlineData("POST", "/api/v1/user/addSubaccount", EndpointCategory.SubAccount)]
    [InlineData("GET", "/api/v1/apiKey", EndpointCategory.ApiKeyManagement)]
    public void Catalog_categorises_the_documented_endpoints(string method, string path, EndpointCategory expected)
    {
        Assert.Equal(expected, _scheme.Exchange.Endpoints.Find(method, Encoding.ASCII.GetBytes(path)).Category);
    }

    [Fact]
    public void Accepts_json_and_form_bodies()
    {
        Assert.True(_scheme.Accepts(BodyFormat.Json));
        Assert.True(_scheme.Accepts(BodyFormat.Form));
        Assert.False(_scheme.Accepts(BodyFormat.Other));
    }

    [Theory]
    [InlineData("{\"symbol\":\"XBTUSD\",\"side\":\"Buy\",\"orderQty\":100,\"price\":50000,\"clOrdID\":\"b-1\"}", BodyFormat.Json)]
    [InlineData("symbol=XBTUSD&side=Buy&orderQty=100&price=50000&clOrdID=b-1", BodyFormat.Form)]
    public void Reads_an_order_from_json_or_form(string body, BodyFormat format)
    {
        var read = _scheme.Exchange.Endpoints.Find("POST", "/api/v1/order"u8).ReadOrders([], Encoding.ASCII.GetBytes(body), format);

        var order = Assert.Single(read.Orders);
        Assert.Equal(("XBTUSD", "Buy", "Limit", 100m, 50000m, "b-1"), (order.Symbol, order.Side, order.Type, order.Quantity, order.Price, order.ClientOrderId));
    }

    [Fact]
    public void Amendments_and_bulk_orders_are_unreadable_and_cancels_place_nothing()
    {
        Assert.NotNull(_scheme.Exchange.Endpoints.Find("PUT", "/api/v1/order"u8).ReadOrders([], "{\"orderID\":\"x\",\"price\":1}"u8, BodyFormat.Json).UnreadableReason);
        Assert.NotNull(_scheme.Exchange.Endpoints.Find("POST", "/api/v1/order/bulk"u8).ReadOrders([], "{\"orders\":[]}"u8, BodyFormat.Json).UnreadableReason);
        Assert.False(_scheme.Exchange.Endpoints.Find("DELETE", "/api/v1/order"u8).ReadOrders([], "{\"orderID\":\"x\"}"u8, BodyFormat.Json).PlacesOrders);
    }
}
