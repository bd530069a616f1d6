namespace Sidecar.Signing.Deribit;

/// <summary>
/// Reads the order a Deribit request places (<c>private/buy</c>, <c>private/sell</c>): the params come from the
/// query (GET, what ccxt sends) or from a JSON-RPC body's <c>params</c> (POST): <c>instrument_name</c>,
/// <c>type</c> (default limit), <c>amount</c>, <c>price</c>, <c>label</c>; the side is the method. Edits, mass
/// quotes and close-position are not inspected (guards refuse them).
/// </summary>
internal static class DeribitOrders
{
    private static readonly FormOrderReader.Names Names = new("instrument_name", "side", "type", "amount", "price", "label");

    public static readonly OrderReader Buy = OrderReader.Of((query, body, format) => Read("buy", query, body, format));

    public static readonly OrderReader Sell = OrderReader.Of((query, body, format) => Read("sell", query, body, format));

    public static readonly OrderReader Unparsed = OrderReader.Unreadable("order edits, mass quotes and close-position are not inspected by the order guards");

    private static OrderRead Read(string side, ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, BodyFormat bodyFormat)
    {
        if (bodyFormat != BodyFormat.Json)
        {
            var fields = FormOrderReader.Read(query, [], Names);
            return OrderRead.Of(fields with { Side = side, Type = fields.Type ?? "limit" });
        }

        using var json = JsonOrderReader.ParseObject(body);
        if (!json.RootElement.TryGetProperty("params", out var parameters) || parameters.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a JSON-RPC order needs a params object");
        }

        return OrderRead.Of(new OrderFields
        {
            Symbol = JsonOrderReader.Text(parameters, "instrument_name"),
            Side = side,
            Type = JsonOrderReader.Text(parameters, "type") ?? "limit",
            Quantity = JsonOrderReader.Number(parameters, "amount", allowSign: true),
            Price = JsonOrderReader.Number(parameters, "price", allowSign: true),
            ClientOrderId = JsonOrderReader.Text(parameters, "label"),
        });
    }
}
