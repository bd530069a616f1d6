using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sidecar.Audit;

/// <summary>The JSON line of one record. Field order is fixed; <c>prev</c> chains it to the line before.</summary>
internal static class AuditLine
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A writer for <see cref="Write"/>, kept by the (single) audit writer thread: a new Utf8JsonWriter per line
    /// would allocate its buffers again for every record.
    /// </summary>
    public static Utf8JsonWriter CreateWriter() => new(Stream.Null, Options);

    /// <summary>Writes the record's line (without the newline) to <paramref name="stream"/> through <paramref name="json"/>.</summary>
    public static void Write(Utf8JsonWriter json, Stream stream, long sequence, string previousHash, AuditRecord record)
    {
        json.Reset(stream);
        WriteObject(json, sequence, previousHash, record);
        json.Flush();
    }

    private static void WriteObject(Utf8JsonWriter json, long sequence, string previousHash, AuditRecord record)
    {
        json.WriteStartObject();
        json.WriteNumber("seq", sequence);
        json.WriteString("prev", previousHash);
        json.WriteString("time", record.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        json.WriteString("venue", record.Venue);
        json.WriteString("method", record.Method);
        json.WriteString("path", record.Path);
        WriteOptional(json, "requestId", record.RequestId);
        WriteOptional(json, "key", record.KeyLabel);
        json.WriteString("decision", record.Decision);
        WriteOptional(json, "rule", record.Rule);
        if (record.Order is { } order)
        {
            json.WriteStartObject("order");
            WriteOptional(json, "symbol", order.Symbol);
            WriteOptional(json, "side", order.Side);
            WriteOptional(json, "type", order.Type);
            if (order.Quantity is { } quantity)
            {
                json.WriteString("quantity", quantity.ToString(CultureInfo.InvariantCulture));
            }

            if (order.Price is { } price)
            {
                json.WriteString("price", price.ToString(CultureInfo.InvariantCulture));
            }

            WriteOptional(json, "clientOrderId", order.ClientOrderId);
            WriteOptional(json, "orderId", record.ExchangeOrderId);
            json.WriteEndObject();
        }

        if (record.UpstreamStatus is { } status)
        {
            json.WriteNumber("upstreamStatus", status);
        }

        if (record.LatencyMs is { } latency)
        {
            json.WriteNumber("latencyMs", Math.Round(latency, 3));
        }

        WriteOptional(json, "signedSha256", record.SignedSha256);
        WriteOptional(json, "outcome", record.Outcome);
        WriteOptional(json, "hsm", record.Hsm);
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
