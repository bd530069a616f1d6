using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Policy;

namespace Sidecar.Tests.Signing.Okx;

/// <summary>okx-v5's endpoint catalog, accepted body types and order reading, as the policy uses them.</summary>
public sealed class OkxPolicyTests
{
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("okx-v5", out var s) ? s : throw new InvalidOperationException();

    [Theory]
    [InlineData("POST", "/api/v5/asset/withdrawal", EndpointCategory.Withdrawal)]
    [InlineData("POST", "/api/v5/asset/withdrawal-lightning", EndpointCategory.Withdrawal)]
    [InlineData("POST", "/api/v5/fiat/create-withdrawal", EndpointCategory.Withdrawal)]
    [InlineData("POST", "/api/v5/asset/transfer", EndpointCategory.Transfer)]
    [InlineData("POST", "/api/v5/asset/subaccount/transfer", EndpointCategory.Transfer)]
    [InlineData("POST", "/api/v5/users/subaccount/create-subaccount", EndpointCategory.SubAccount)]
    [InlineData("POST", "/api/v5/users/subaccount/apikey", EndpointCategory.ApiKeyManagement)]
    [InlineData("POST", "/api/v5/users/subaccount/delete-apikey", EndpointCategory.ApiKeyManagement)]
    [InlineData("POST", "/api/v5/broker/nd/subaccount/apikey", EndpointCategory.ApiKeyManagement)]
    [InlineData("POST", "/api/v5/broker/nd/create-subaccount", EndpointCategory.SubAccount)]
    [InlineData("GET", "/api/v5/asset/currencies", EndpointCategory.Read)]
    [InlineData("GET", "/api/v5/asset/withdrawal-history", EndpointCategory.Read)]
    [InlineData("GET", "/api/v5/account/balance", EndpointCategory.Read)]
    [InlineData("GET", "/api/v5/trade/orders-pending", EndpointCategory.Read)]
    [InlineData("POST", "/api/v5/trade/order", EndpointCategory.Trade)]
    [InlineData("POST", "/api/v5/trade/batch-orders", EndpointCategory.Trade)]
    [InlineData("POST", "/api/v5/trade/cancel-order", EndpointCategory.Trade)]
    [InlineData("POST", "/api/v5/account/set-leverage", EndpointCategory.Trade)]
    [InlineData("POST", "/api/v5/trade/easy-convert", EndpointCategory.Unknown)]
    [InlineData("POST", "/api/v5/finance/savings/purchase-redempt", EndpointCategory.Unknown)]
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
        var read = Read("/api/v5/trade/order", "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"px\":\"50000\",\"clOrdId\":\"b1\"}");

        var order = Assert.Single(read.Orders);
        Assert.Equal("BTC-USDT", order.Symbol);
        Assert.Equal("buy", order.Side);
        Assert.Equal("limit", order.Type);
        Assert.Equal(0.002m, order.Quantity);
        Assert.Equal(50000m, order.Price);
        Assert.Equal("b1", order.ClientOrderId);
    }

    [Fact]
    public void Reads_every_order_of_a_batch_array_as_ccxt_sends_it()
    {
        var read = Read("/api/v5/trade/batch-orders", "[{\"instId\":\"BTC-USDT\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"tdMode\":\"cash\",\"tgtCcy\":\"base_ccy\",\"px\":\"50000\",\"clOrdId\":\"6b9ad766b55dBCDE8874d2ecd46d839d\",\"tag\":\"6b9ad766b55dBCDE\"},{\"instId\":\"ETH-USDT\",\"side\":\"sell\",\"ordType\":\"market\",\"sz\":\"1\"}]");

        Assert.Equal(["BTC-USDT", "ETH-USDT"], read.Orders.Select(o => o.Symbol));
        Assert.Equal(100m, read.Orders[0].Notional);
    }

    [Theory]
    [InlineData("/api/v5/trade/amend-order")]
    [InlineData("/api/v5/trade/close-position")]
    [InlineData("/api/v5/sprd/order")]
    [InlineData("/api/v5/tradingBot/grid/order-algo")]
    public void Orders_it_cannot_inspect_are_unreadable(string path)
    {
        var read = Read(path, "{\"instId\":\"BTC-USDT\"}");

        Assert.True(read.PlacesOrders);
        Assert.NotNull(read.UnreadableReason);
    }

    [Fact]
    public void Cancels_place_no_order()
    {
        Assert.False(Read("/api/v5/trade/cancel-order", "{\"instId\":\"BTC-USDT\",\"ordId\":\"1\"}").PlacesOrders);
        Assert.False(Read("/api/v5/tradingBot/grid/min-investment", "{}").PlacesOrders);
    }

    [Theory]
    [InlineData("/api/v5/trade/batch-orders", "{\"instId\":\"BTC-USDT\"}")]
    [InlineData("/api/v5/trade/order", "{\"instId\":\"BTC-USDT\",\"sz\":\"-\"}")]
    [InlineData("/api/v5/trade/order", "not json")]
    public void Malformed_orders_are_format_errors(string path, string body)
    {
        Assert.Throws<FormatException>(() => Read(path, body));
    }

    private OrderRead Read(string path, string body) =>
        _scheme.Exchange.Endpoints.Find("POST", Encoding.ASCII.GetBytes(path)).ReadOrders([], Encoding.UTF8.GetBytes(body), BodyFormat.Json);
}
