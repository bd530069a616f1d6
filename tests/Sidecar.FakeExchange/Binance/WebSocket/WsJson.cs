using System.Buffers;
using System.Text.Encodings.Web;

namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>The frames the WebSocket API sends, shaped as web-socket-api.md "Response format" and "Event format".</summary>
internal static class WsJson
{
    // Binance writes messages such as "Mandatory parameter 'timestamp' …" with plain quotes, not \u0027.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>{"id":…,"status":200,"result":…,"rateLimits":[…]}</c>, or with <c>"error":{"code":…,"msg":…}</c>
    /// and the error's status. The id is written back exactly as received (null when there was none).</summary>
    public static byte[] Answer(string? id, JsonNode? result, BinanceError? error, JsonArray? rateLimits) => Write(json =>
    {
        json.WriteStartObject();
        json.WritePropertyName("id");
        json.WriteRawValue(id ?? "null");
        json.WriteNumber("status", error?.HttpStatus ?? 200);
        if (error is null)
        {
            json.WritePropertyName("result");
            (result ?? new JsonObject()).WriteTo(json);
        }
        else
        {
            json.WriteStartObject("error");
            json.WriteNumber("code", error.Code);
            json.WriteString("msg", error.Message);
            json.WriteEndObject();
        }

        if (rateLimits is not null)
        {
            json.WritePropertyName("rateLimits");
            rateLimits.WriteTo(json);
        }

        json.WriteEndObject();
    });

    /// <summary>A user data event on a WebSocket API connection: <c>{"subscriptionId":N,"event":{…}}</c>.</summary>
    public static byte[] Event(int subscriptionId, JsonObject payload) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("subscriptionId", subscriptionId);
        json.WritePropertyName("event");
        payload.WriteTo(json);
        json.WriteEndObject();
    });

    /// <summary>A bare event (the USDⓈ-M user data stream sends events unwrapped).</summary>
    public static byte[] Bare(JsonNode payload) => Write(json => payload.WriteTo(json));

    /// <summary>The <c>rateLimits</c> array: request weight per minute, counted per connection.</summary>
    public static JsonArray RateLimits(int limit, int count) => new(new JsonObject
    {
        ["rateLimitType"] = "REQUEST_WEIGHT",
        ["interval"] = "MINUTE",
        ["intervalNum"] = 1,
        ["limit"] = limit,
        ["count"] = count,
    });

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            write(json);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
