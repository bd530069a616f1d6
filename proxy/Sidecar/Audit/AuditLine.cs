using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sidecar.Audit;

/// <summary>
/// The JSON line of one record. Field order is fixed. A line is <c>{"seq":N,"prev":"…",</c> followed by the record's
/// body: the body is serialized by the caller's thread outside the log's lock, and only the chain's two fields (and
/// the hash of the whole line) are added under it.
/// </summary>
internal static class AuditLine
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Upper bound of <c>{"seq":N,"prev":"64 hex",</c>: 7 + 19 digits + 9 + 64 + 2.</summary>
    public const int MaxPrefixBytes = 7 + 19 + 9 + 64 + 2;

    [ThreadStatic]
    private static Body? _body;

    /// <summary>The calling thread's body buffer, holding <paramref name="record"/> as a JSON object.</summary>
    public static ReadOnlySpan<byte> Serialize(AuditRecord record)
    {
        var body = _body ??= new Body();
        body.Reset();
        WriteRecord(body.Json, record);
        body.Json.Flush();
        return body.Buffer.WrittenSpan;
    }

    /// <summary>The calling thread's body buffer, holding <paramref name="checkpoint"/>'s record as a JSON object.</summary>
    public static ReadOnlySpan<byte> Serialize(DateTimeOffset time, Checkpoint checkpoint)
    {
        var body = _body ??= new Body();
        body.Reset();
        var json = body.Json;
        json.WriteStartObject();
        WriteTime(json, "time", time);
        json.WriteString("decision", AuditDecisions.Checkpoint);
        json.WritePropertyName("checkpoint");
        checkpoint.WriteTo(json);
        json.WriteEndObject();
        json.Flush();
        return body.Buffer.WrittenSpan;
    }

    /// <summary>
    /// Writes the line for <paramref name="body"/> (a JSON object) at <paramref name="sequence"/> after the line
    /// hashed <paramref name="previousHash"/> into <paramref name="line"/>, with its newline; the line's own hash
    /// (without the newline) goes to <paramref name="hash"/>. Returns the length written.
    /// </summary>
    public static int Compose(Span<byte> line, long sequence, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> body, Span<byte> hash)
    {
        var at = Copy(line, 0, "{\"seq\":"u8);
        Utf8Formatter.TryFormat(sequence, line[at..], out var digits);
        at += digits;
        at = Copy(line, at, ",\"prev\":\""u8);
        Convert.TryToHexStringLower(previousHash, line[at..], out var hex);
        at += hex;
        at = Copy(line, at, "\","u8);
        at = Copy(line, at, body[1..]);
        SHA256.HashData(line[..at], hash);
        line[at++] = (byte)'\n';
        return at;
    }

    public static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset time) =>
        json.WriteString(name, time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));

    private static int Copy(Span<byte> line, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(line[at..]);
        return at + bytes.Length;
    }

    private static void WriteRecord(Utf8JsonWriter json, AuditRecord record)
    {
        json.WriteStartObject();
        WriteTime(json, "time", record.Time);
        if (record.Ref is { } reference)
        {
            json.WriteNumber("ref", reference);
        }

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

    /// <summary>One thread's writer and buffer, reused for every record it serializes.</summary>
    private sealed class Body
    {
        public readonly ArrayBufferWriter<byte> Buffer = new(512);

        public readonly Utf8JsonWriter Json;

        public Body()
        {
            Json = new Utf8JsonWriter(Buffer, Options);
        }

        public void Reset()
        {
            Buffer.ResetWrittenCount();
            Json.Reset(Buffer);
        }
    }
}

/// <summary>The <c>decision</c> values of records that are not a request's own decision.</summary>
internal static class AuditDecisions
{
    /// <summary>What became of an intent (<c>signed</c>/<c>forwarded</c>): names it by <c>ref</c>.</summary>
    public const string Answered = "answered";

    /// <summary>The log could be written again after a failure: the record of the gap.</summary>
    public const string Recovered = "recovered";

    /// <summary>A signed checkpoint of the chain's head.</summary>
    public const string Checkpoint = "checkpoint";
}
