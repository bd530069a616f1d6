using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;

namespace Sidecar.Signing.Policy;

/// <summary>
/// Rewrites an exchange's successful answer to one endpoint before the bot sees it: a bearer token the bot must not
/// hold replaced with a placeholder (<see cref="Tokens.TokenVault"/>), or the WebSocket address the exchange gives
/// replaced with Sidecar's own (KuCoin's bullet endpoints). Set on the endpoint's table row
/// (<see cref="ExchangeEndpoint.Answering"/>). Answers are at most <see cref="MaxAnswerBytes"/>; a larger one is
/// never relayed (it might carry what the rewrite keeps from the bot).
/// </summary>
public abstract class AnswerRewriter
{
    /// <summary>These answers are a few hundred bytes; 64 KiB leaves room and bounds the buffer.</summary>
    public const int MaxAnswerBytes = 64 * 1024;

    private static readonly JsonWriterOptions AnswerJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the answer the bot gets into <paramref name="output"/>; false relays the exchange's answer unchanged.</summary>
    public abstract bool TryRewrite(ReadOnlySpan<byte> answer, AnswerContext context, ByteBuilder output);

    /// <summary>
    /// Writes an edited answer into <paramref name="output"/> (true, for <see cref="TryRewrite"/> to return). Text is
    /// escaped only where JSON requires it, so the values Sidecar did not touch keep the exchange's spelling (a KuCoin
    /// token's <c>+</c> and <c>=</c> stay as they are): the answer goes to a bot, never into HTML.
    /// </summary>
    protected static bool Write(JsonNode answer, ByteBuilder output)
    {
        // The node writes itself: no serializer, whose JsonNode path needs reflection the Native AOT build (the
        // container image's) refuses to compile (IL2026/IL3050).
        var written = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(written, AnswerJson))
        {
            answer.WriteTo(writer);
        }

        output.Append(written.WrittenSpan);
        return true;
    }
}

/// <summary>What an <see cref="AnswerRewriter"/> knows of the venue the answer came through.</summary>
/// <param name="Credentials">The venue's key, whose <see cref="VenueCredentials.Tokens"/> keeps real tokens.</param>
/// <param name="GuardsOrders">The venue's policy sets order guards or an order rate: tokens that can trade must not reach the bot.</param>
/// <param name="WebSocketUrlFor">
/// For an exchange WebSocket URL (wss://host/path), the URL the bot uses to reach it through Sidecar, when a WebSocket
/// venue for that host is configured; null otherwise.
/// </param>
public sealed record AnswerContext(VenueCredentials Credentials, bool GuardsOrders, Func<Uri, string?> WebSocketUrlFor);
