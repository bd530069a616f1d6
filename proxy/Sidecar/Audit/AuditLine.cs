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

    public static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset time) => WriteTime(json, JsonEncodedText.Encode(name), time);

    // Formatted into the stack, not a string: this runs for every record, on the request's thread.
    private static void WriteTime(Utf8JsonWriter json, JsonEncodedText name, DateTimeOffset time)
    {
        Span<byte> text = stackalloc byte[32];
        time.UtcDateTime.TryFormat(text, out var length, "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        json.WriteString(name, text[..length]);
    }

    private static void WriteDecimal(Utf8JsonWriter json, JsonEncodedText name, decimal value)
    {
        Span<byte> text = stackalloc byte[40];
        value.TryFormat(text, out var length, default, CultureInfo.InvariantCulture);
        json.WriteString(name, text[..length]);
    }

    private static int Copy(Span<byte> line, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(line[at..]);
        return at + bytes.Length;
    }

    private static void WriteRecord(Utf8JsonWriter json, AuditRecord record)
    {
        json.WriteStartObject();
        WriteTime(json, Names.Time, record.Time);
        if (record.Ref is { } reference)
        {
            json.WriteNumber(Names.Ref, reference);
        }

        json.WriteString(Names.Venue, record.Venue);
        json.WriteString(Names.Method, record.Method);
        json.WriteString(Names.Path, record.Path);
        WriteOptional(json, Names.RequestId, record.RequestId);
        WriteOptional(json, Names.Key, record.KeyLabel);
        json.WriteString(Names.Decision, record.Decision);
        WriteOptional(json, Names.Rule, record.Rule);
        if (record.Order is { } order)
        {
            json.WriteStartObject(Names.Order);
            WriteOptional(json, Names.Symbol, order.Symbol);
            WriteOptional(json, Names.Side, order.Side);
            WriteOptional(json, Names.Type, order.Type);
            if (order.Quantity is { } quantity)
            {
                WriteDecimal(json, Names.Quantity, quantity);
            }

            if (order.Price is { } price)
            {
                WriteDecimal(json, Names.Price, price);
            }

            WriteOptional(json, Names.ClientOrderId, order.ClientOrderId);
            WriteOptional(json, Names.OrderId, record.ExchangeOrderId);
            json.WriteEndObject();
        }

        if (record.UpstreamStatus is { } status)
        {
            json.WriteNumber(Names.UpstreamStatus, status);
        }

        if (record.LatencyMs is { } latency)
        {
            json.WriteNumber(Names.LatencyMs, Math.Round(latency, 3));
        }

        WriteOptional(json, Names.SignedSha256, record.SignedSha256);
        WriteOptional(json, Names.Outcome, record.Outcome);
        WriteOptional(json, Names.Hsm, record.Hsm);
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>The field names, encoded once (a string name is transcoded and checked for escaping on every write).</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
        public static readonly JsonEncodedText Ref = JsonEncodedText.Encode("ref");
        public static readonly JsonEncodedText Venue = JsonEncodedText.Encode("venue");
        public static readonly JsonEncodedText Method = JsonEncodedText.Encode("method");
        public static readonly JsonEncodedText Path = JsonEncodedText.Encode("path");
        public static readonly JsonEncodedText RequestId = JsonEncodedText.Encode("requestId");
        public static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
        public static readonly JsonEncodedText Decision = JsonEncodedText.Encode("decision");
        public static readonly JsonEncodedText Rule = JsonEncodedText.Encode("rule");
        public static readonly JsonEncodedText Order = JsonEncodedText.Encode("order");
        public static readonly JsonEncodedText Symbol = JsonEncodedText.Encode("symbol");
        public static readonly JsonEncodedText Side = JsonEncodedText.Encode("side");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText Quantity = JsonEncodedText.Encode("quantity");
        public static readonly JsonEncodedText Price = JsonEncodedText.Encode("price");
        public static readonly JsonEncodedText ClientOrderId = JsonEncodedText.Encode("clientOrderId");
        public static readonly JsonEncodedText OrderId = JsonEncodedText.Encode("orderId");
        public static readonly JsonEncodedText UpstreamStatus = JsonEncodedText.Encode("upstreamStatus");
        public static readonly JsonEncodedText LatencyMs = JsonEncodedText.Encode("latencyMs");
        public static readonly JsonEncodedText SignedSha256 = JsonEncodedText.Encode("signedSha256");
        public static readonly JsonEncodedText Outcome = JsonEncodedText.Encode("outcome");
        public static readonly JsonEncodedText Hsm = JsonEncodedText.Encode("hsm");
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
