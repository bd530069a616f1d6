namespace Sidecar.Signing.Policy;

/// <summary>
/// Reads the orders one endpoint places from the exact bytes that will be signed, for the order guards. A request
/// that places orders the reader cannot inspect returns <see cref="OrderRead.Unreadable"/>, and guards then refuse
/// it; malformed input is a <see cref="FormatException"/> (the proxy answers 400).
/// </summary>
public abstract class OrderReader
{
    public abstract OrderRead Read(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, BodyFormat format);

    /// <summary>Places orders the guards do not inspect; <paramref name="reason"/> says which and why.</summary>
    public static OrderReader Unreadable(string reason) => new UnreadableOrders(reason);

    /// <summary>One order whose fields are query or form parameters, by name.</summary>
    internal static OrderReader Form(FormOrderReader.Names names) => new FormOrders(names);

    /// <summary>A reader written as a function (JSON bodies, exchange quirks).</summary>
    public static OrderReader Of(ReadOrders read) => new FunctionOrders(read);

    /// <summary>One order: the JSON body's root (<paramref name="order"/> checks that it is an object).</summary>
    public static OrderReader JsonOrder(Func<JsonElement, OrderFields> order) => Of((_, body, _) =>
    {
        using var json = JsonOrderReader.Parse(body);
        return OrderRead.Of(order(json.RootElement));
    });

    /// <summary>A batch: the JSON body is an array of orders.</summary>
    public static OrderReader JsonBatch(Func<JsonElement, OrderFields> order) => Of((_, body, _) =>
    {
        using var json = JsonOrderReader.Parse(body);
        return json.RootElement.ValueKind == JsonValueKind.Array
            ? ReadAll(json.RootElement, order)
            : throw new FormatException("a batch order must be a JSON array");
    });

    /// <summary>A batch: the JSON body is an object whose <paramref name="property"/> is an array of orders.</summary>
    public static OrderReader JsonBatchIn(string property, Func<JsonElement, OrderFields> order) => Of((_, body, _) =>
    {
        using var json = JsonOrderReader.Parse(body);
        return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(property, out var batch) && batch.ValueKind == JsonValueKind.Array
            ? ReadAll(batch, order)
            : throw new FormatException($"a batch order needs a '{property}' array");
    });

    private static OrderRead ReadAll(JsonElement batch, Func<JsonElement, OrderFields> order)
    {
        var orders = new List<OrderFields>();
        foreach (var item in batch.EnumerateArray())
        {
            orders.Add(order(item));
        }

        return OrderRead.Of([.. orders]);
    }

    public delegate OrderRead ReadOrders(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, BodyFormat format);

    private sealed class UnreadableOrders(string reason) : OrderReader
    {
        private readonly OrderRead _read = OrderRead.Unreadable(reason);

        public override OrderRead Read(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, BodyFormat format) => _read;
    }

    private sealed class FormOrders(FormOrderReader.Names names) : OrderReader
    {
        public override OrderRead Read(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, BodyFormat format) =>
            OrderRead.Of(FormOrderReader.Read(query, body, names));
    }

    private sealed class FunctionOrders(ReadOrders read) : OrderReader
    {
        public override OrderRead Read(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, BodyFormat format) => read(query, body, format);
    }
}
