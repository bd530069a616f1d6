using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Deribit;

/// <summary>
/// Deribit's WebSocket methods as rows <c>WS /{method}</c>. Deribit serves the same JSON-RPC methods over WebSocket as
/// over HTTP, under the same names (<c>private/buy</c> is <c>/api/v2/private/buy</c>), so every REST row of
/// <see cref="DeribitEndpoints.Table"/> is a row here too, with the same category and order reader: withdrawals,
/// transfers, sub-accounts and API keys are denied in every profile, and <c>private/buy</c>/<c>sell</c> pass the order
/// guards, exactly as over REST. Only the methods that exist on WebSocket alone come first (docs.deribit.com,
/// "Session management" and "Subscription management"); public methods (<c>public/subscribe</c>, <c>public/test</c>,
/// <c>public/set_heartbeat</c>, …) are the REST table's <c>public/**</c> row.
/// </summary>
internal static class DeribitWebSocketMethods
{
    /// <summary>The connection's login: rebuilt with the venue's key and signed by Sidecar (<see cref="DeribitAuthFrame"/>).</summary>
    public const string AuthMethod = "public/auth";

    private const string RestPrefix = "* /api/v2/";

    public static readonly EndpointTable Table = new(
    [
        Read("WS /" + AuthMethod),

        // Subscriptions to the account's own channels (user.orders.*, user.portfolio.*, user.trades.*) read it.
        Read("WS /private/subscribe"),
        Read("WS /private/unsubscribe"),
        Read("WS /private/unsubscribe_all"),

        // Ends the session; with Sidecar's 1:1 connections it ends this bot's only (and cancel-on-disconnect acts as
        // the bot asked).
        Read("WS /private/logout"),
        .. FromRest(DeribitEndpoints.Table),
    ]);

    /// <summary>The row of <see cref="AuthMethod"/>.</summary>
    public static readonly ExchangeEndpoint Auth = Table.Find(WebSocketAdapter.FrameMethod, "/public/auth"u8);

    /// <summary>Every REST row <c>* /api/v2/{method}</c> as <c>WS /{method}</c>.</summary>
    private static ExchangeEndpoint[] FromRest(EndpointTable rest)
    {
        var rows = new ExchangeEndpoint[rest.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rest.Rows[i];
            var text = row.Pattern.Text;
            if (!text.StartsWith(RestPrefix, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the Deribit REST row '{text}' is not under {RestPrefix}: it has no WebSocket method");
            }

            rows[i] = row.For(WebSocketAdapter.FrameMethod + " /" + text[RestPrefix.Length..]);
        }

        return rows;
    }
}
