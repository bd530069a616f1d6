using System.Text.Json.Nodes;

namespace Sidecar.Signing.Kraken;

/// <summary>
/// The answer to <c>POST /0/private/GetWebSocketsToken</c>, <c>{"error":[],"result":{"token":"…","expires":900}}</c>
/// (docs.kraken.com/api-reference/trading/get-websockets-token). The token authorises WS v2's <c>add_order</c>,
/// <c>amend_order</c>, <c>edit_order</c> and <c>batch_add</c>: a bot holding it could trade straight at Kraken, around
/// every order guard. So when the venue guards orders (<see cref="AnswerContext.GuardsOrders"/>: any order guard or
/// <c>OrdersPer10Seconds</c>), Sidecar keeps the token (<see cref="Tokens.TokenVault"/>, for as long as <c>expires</c>
/// says) and the bot gets a placeholder, which only a WebSocket venue for <c>ws-auth.kraken.com</c> turns back into
/// the token (<see cref="KrakenWebSocket"/>). Without guards the answer passes unchanged: there is nothing a direct
/// connection could get around, and the bot may then also connect to Kraken itself.
/// </summary>
internal sealed class KrakenWebSocketToken : AnswerRewriter
{
    public static readonly KrakenWebSocketToken Instance = new();

    /// <summary>Kraken's tokens are valid 15 minutes until first used; an answer without a sane <c>expires</c> gets that.</summary>
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(900);

    /// <summary>A day: no Kraken token is handed out for longer, and a placeholder must not outlive its purpose.</summary>
    private const int MaxLifetimeSeconds = 86_400;

    /// <summary>Longer than any token Kraken issues (43 base64 characters); the WebSocket session swaps at most this much.</summary>
    private const int MaxTokenLength = 256;

    private KrakenWebSocketToken()
    {
    }

    public override bool TryRewrite(ReadOnlySpan<byte> answer, AnswerContext context, ByteBuilder output)
    {
        if (!context.GuardsOrders)
        {
            return false;
        }

        JsonObject? root;
        try
        {
            root = JsonNode.Parse(answer) as JsonObject;
        }
        catch (JsonException)
        {
            root = null;
        }

        if (root?["result"] is not JsonObject result || result["token"] is not JsonValue value || !value.TryGetValue(out string? token))
        {
            // No token where Kraken puts it: an error answer ({"error":["EAPI:Invalid key"]}) goes as it came; anything
            // else that mentions a token cannot be relayed, as it might hand the bot what it must not hold.
            if (answer.IndexOf("token"u8) < 0)
            {
                return false;
            }

            return Refuse(output, "the answer carries a token Sidecar cannot keep from the bot; it was not relayed");
        }

        if (token.Length is 0 or > MaxTokenLength || token.AsSpan().ContainsAnyExceptInRange(' ', '~') || token.Contains('"', StringComparison.Ordinal) || token.Contains('\\', StringComparison.Ordinal))
        {
            // The WebSocket session writes the token into frames as it is, unescaped: only printable ASCII is kept.
            return Refuse(output, "the token is not the printable text Kraken issues; it was not relayed");
        }

        result["token"] = context.Credentials.Tokens.Issue(token, Lifetime(result["expires"]));
        return Write(root, output);
    }

    private static TimeSpan Lifetime(JsonNode? expires) =>
        expires is JsonValue value && value.TryGetValue(out int seconds) && seconds is > 0 and <= MaxLifetimeSeconds
            ? TimeSpan.FromSeconds(seconds)
            : DefaultLifetime;

    /// <summary>Kraken's envelope for an error, with Sidecar's text: ccxt raises it as an ExchangeError.</summary>
    private static bool Refuse(ByteBuilder output, string message)
    {
        output.Append("{\"error\":[\"ESidecar:"u8);
        output.Append(JsonEncodedText.Encode(message).EncodedUtf8Bytes);
        output.Append("\"]}"u8);
        return true;
    }
}
