using Sidecar.FakeExchange.Coinbase.WebSocket;

namespace Sidecar.FakeExchange.CoinbaseAdvanced.WebSocket;

/// <summary>
/// The fake Coinbase Advanced Trade WebSocket feed ("Advanced Trade WebSocket Overview" and "Channels"): one channel
/// per <c>{"type":"subscribe"|"unsubscribe","product_ids":[…],"channel":…,"jwt":…}</c>. <c>user</c> and
/// <c>futures_balance_summary</c> need a <c>jwt</c> (the CDP key's ES256 JWT without a <c>uri</c>, checked by
/// <see cref="CoinbaseJwtVerifier"/>); any other channel takes one too and checks it when given. A bad or missing
/// JWT is answered <c>{"type":"error","message":"authentication failure"}</c>, what Coinbase sends
/// (coinbase-advanced-py issue #92). A subscription is confirmed by a <c>subscriptions</c> message, then the fake
/// pushes the channel's first update: the <c>user</c> snapshot of the account's open orders (those placed over REST),
/// one <c>ticker</c>, one heartbeat.
/// </summary>
internal sealed class AdvancedTradeFeed(CoinbaseJwtVerifier verifier, Func<IEnumerable<AdvancedOpenOrder>> openOrders) : CoinbaseFeed
{
    public const string AuthenticationFailure = "authentication failure";

    private static readonly HashSet<string> PublicChannels =
        new(["heartbeats", "candles", "status", "ticker", "ticker_batch", "level2", "market_trades"], StringComparer.Ordinal);

    private static readonly HashSet<string> PrivateChannels = new(["user", "futures_balance_summary"], StringComparer.Ordinal);

    protected override RecordedFeedMessage Handle(FeedConnection connection, string frame, List<JsonNode> replies)
    {
        var message = ParseObject(frame);
        var type = message is null ? null : Text(message, "type");
        var channel = message is null ? null : Text(message, "channel");
        var products = message is null ? null : Strings(message, "product_ids");
        RecordedFeedMessage Record(string? key, SignatureCheck check, string? error)
        {
            if (error is not null)
            {
                replies.Add(new JsonObject { ["type"] = "error", ["message"] = error });
            }

            return new RecordedFeedMessage(connection.Id, frame, type, channel is null ? [] : [channel], products ?? [], key, check, error);
        }

        if (message is null || type is not ("subscribe" or "unsubscribe") || products is null)
        {
            return Record(null, SignatureCheck.NotRequired, "malformed subscribe: type subscribe or unsubscribe, channel and product_ids required");
        }

        if (channel is null || !(PublicChannels.Contains(channel) || PrivateChannels.Contains(channel)))
        {
            return Record(null, SignatureCheck.NotRequired, $"Failed to subscribe: unknown channel '{channel}'");
        }

        string? key = null;
        var check = SignatureCheck.NotRequired;
        if (Text(message, "jwt") is { } jwt)
        {
            var problem = verifier.CheckWebSocket(jwt, DateTimeOffset.UtcNow, out key);
            check = problem is null ? SignatureCheck.Valid : SignatureCheck.Invalid;
        }
        else if (PrivateChannels.Contains(channel))
        {
            check = SignatureCheck.Missing;
        }

        if (check is SignatureCheck.Invalid or SignatureCheck.Missing)
        {
            return Record(key, check, AuthenticationFailure);
        }

        if (type == "unsubscribe")
        {
            connection.Unsubscribe(channel, products);
            replies.Add(Subscriptions(connection));
            return Record(key, check, null);
        }

        connection.Subscribe(channel, products);
        replies.Add(Subscriptions(connection));
        if (FirstUpdate(connection, channel, products) is { } update)
        {
            replies.Add(update);
        }

        return Record(key, check, null);
    }

    private JsonObject? FirstUpdate(FeedConnection connection, string channel, List<string> products) => channel switch
    {
        "user" => Message(connection, "user", new JsonObject
        {
            ["type"] = "snapshot",
            ["orders"] = new JsonArray([.. openOrders().Where(o => products.Count == 0 || products.Contains(o.ProductId)).Select(UserOrder)]),
        }),
        "ticker" => Message(connection, "ticker", new JsonObject
        {
            ["type"] = "snapshot",
            ["tickers"] = new JsonArray([.. (products.Count == 0 ? ["BTC-USD"] : products).Select(Ticker)]),
        }),
        "heartbeats" => Message(connection, "heartbeats", new JsonObject
        {
            ["current_time"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fffffff +0000 'UTC'", CultureInfo.InvariantCulture),
            ["heartbeat_counter"] = 1,
        }),
        _ => null,
    };

    /// <summary>The <c>subscriptions</c> confirmation: every channel the connection is subscribed to, and its products.</summary>
    private static JsonObject Subscriptions(FeedConnection connection)
    {
        var subscriptions = new JsonObject();
        foreach (var (channel, products) in connection.Subscriptions)
        {
            subscriptions[channel] = new JsonArray([.. products.Select(p => (JsonNode)p)]);
        }

        return Message(connection, "subscriptions", new JsonObject { ["subscriptions"] = subscriptions });
    }

    /// <summary>The envelope of every feed message: <c>{"channel","client_id","timestamp","sequence_num","events":[…]}</c>.</summary>
    private static JsonObject Message(FeedConnection connection, string channel, JsonObject @event) => new()
    {
        ["channel"] = channel,
        ["client_id"] = "",
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        ["sequence_num"] = connection.NextSequence(),
        ["events"] = new JsonArray(@event),
    };

    private static JsonNode UserOrder(AdvancedOpenOrder order) => new JsonObject
    {
        ["order_id"] = order.OrderId,
        ["client_order_id"] = order.ClientOrderId,
        ["cumulative_quantity"] = "0",
        ["leaves_quantity"] = order.BaseSize,
        ["avg_price"] = "0",
        ["total_fees"] = "0",
        ["status"] = "OPEN",
        ["product_id"] = order.ProductId,
        ["creation_time"] = order.Created.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        ["order_side"] = order.Side,
        ["order_type"] = "Limit",
        ["limit_price"] = order.LimitPrice,
        ["product_type"] = "SPOT",
        ["time_in_force"] = "GOOD_UNTIL_CANCELLED",
    };

    private static JsonNode Ticker(string product) => new JsonObject
    {
        ["type"] = "ticker",
        ["product_id"] = product,
        ["price"] = "100000.00",
        ["volume_24_h"] = "1000",
        ["low_24_h"] = "99000.00",
        ["high_24_h"] = "101000.00",
        ["low_52_w"] = "15460.00",
        ["high_52_w"] = "110000.00",
        ["price_percent_chg_24_h"] = "0",
        ["best_bid"] = "99999.99",
        ["best_bid_quantity"] = "1.00000000",
        ["best_ask"] = "100000.01",
        ["best_ask_quantity"] = "1.00000000",
    };
}

/// <summary>An order resting on the fake Coinbase Advanced Trade's book, as the <c>user</c> channel reports it.</summary>
internal sealed record AdvancedOpenOrder(string OrderId, string ClientOrderId, string ProductId, string Side, string BaseSize, string LimitPrice, DateTimeOffset Created);
