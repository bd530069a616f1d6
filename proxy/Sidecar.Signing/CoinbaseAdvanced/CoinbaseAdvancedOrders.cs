namespace Sidecar.Signing.CoinbaseAdvanced;

/// <summary>
/// Reads the order a Coinbase Advanced Trade request places ("Create Order", POST /api/v3/brokerage/orders):
/// <c>product_id</c>, <c>side</c>, <c>client_order_id</c>, and from the single <c>order_configuration</c> entry its
/// name as the type (e.g. <c>limit_limit_gtc</c>, <c>market_market_ioc</c> — list those names in AllowedOrderTypes),
/// <c>base_size</c> as the quantity and <c>limit_price</c> as the price. Edits and close-position are not inspected
/// (guards refuse them); previews place nothing.
/// </summary>
internal static class CoinbaseAdvancedOrders
{
    public static readonly OrderReader New = OrderReader.Of((_, body, _) => Read(body));

    public static readonly OrderReader Unparsed = OrderReader.Unreadable("order edits and close-position are not inspected by the order guards");

    private static OrderRead Read(ReadOnlySpan<byte> body)
    {
        using var json = JsonOrderReader.ParseObject(body);
        var order = json.RootElement;
        string? type = null;
        JsonElement configuration = default;
        if (order.TryGetProperty("order_configuration", out var configurations) && configurations.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in configurations.EnumerateObject())
            {
                if (type is not null)
                {
                    throw new FormatException("order_configuration names more than one order type");
                }

                type = entry.Name;
                configuration = entry.Value;
            }
        }

        return OrderRead.Of(new OrderFields
        {
            Symbol = JsonOrderReader.Text(order, "product_id"),
            Side = JsonOrderReader.Text(order, "side"),
            Type = type,
            Quantity = type is null ? null : JsonOrderReader.Number(configuration, "base_size", allowSign: true),
            Price = type is null ? null : JsonOrderReader.Number(configuration, "limit_price", allowSign: true),
            ClientOrderId = JsonOrderReader.Text(order, "client_order_id"),
        });
    }
}
