using System.Text.Json.Nodes;

namespace Sidecar.Signing.Kucoin;

/// <summary>
/// The answer to <c>POST /api/v1/bullet-private</c> (and <c>bullet-public</c>):
/// <c>{"code":"200000","data":{"token":"…","instanceServers":[{"endpoint":"wss://ws-api-spot.kucoin.com/",…}]}}</c>
/// (kucoin.com/docs-new, "Get Private Token - Spot/Margin"). A client connects to <c>{endpoint}?token=…</c>, and ccxt
/// takes the endpoint from this answer, with no URL option of its own. So when a WebSocket venue for the endpoint's host
/// is configured, each <c>instanceServers[].endpoint</c> becomes that venue's <c>ws://</c> address on Sidecar, and
/// ccxt's push connections go through Sidecar without any URL override. The token is left as it is: the push channels
/// only read (balances, orders, fills), so it grants nothing a bot may not already do over REST. Without such a venue
/// the answer passes unchanged and the bot connects to KuCoin itself.
/// </summary>
internal sealed class KucoinBullet : AnswerRewriter
{
    public static readonly KucoinBullet Instance = new();

    private KucoinBullet()
    {
    }

    public override bool TryRewrite(ReadOnlySpan<byte> answer, AnswerContext context, ByteBuilder output)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(answer);
        }
        catch (JsonException)
        {
            return false;
        }

        if (root?["data"]?["instanceServers"] is not JsonArray servers)
        {
            return false;
        }

        var rewritten = false;
        foreach (var server in servers)
        {
            if (server is JsonObject instance && instance["endpoint"] is JsonValue value && value.TryGetValue(out string? endpoint)
                && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "wss" or "ws"
                && context.WebSocketUrlFor(uri) is { } throughSidecar)
            {
                instance["endpoint"] = throughSidecar;
                rewritten = true;
            }
        }

        return rewritten && Write(root, output);
    }
}
