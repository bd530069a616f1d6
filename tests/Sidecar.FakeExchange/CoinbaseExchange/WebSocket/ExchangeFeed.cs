using Sidecar.FakeExchange.Coinbase.WebSocket;

namespace Sidecar.FakeExchange.CoinbaseExchange.WebSocket;

/// <summary>
/// The fake Coinbase Exchange WebSocket feed ("Exchange WebSocket Overview", "Authentication", "Channels", "Errors"):
/// <c>{"type":"subscribe"|"unsubscribe","product_ids":[…],"channels":[name | {"name","product_ids"}…]}</c>, with
/// <c>key</c>, <c>passphrase</c>, <c>timestamp</c> and <c>signature</c> in the same message to authenticate —
/// base64(HMAC-SHA256(base64decode(secret), timestamp + "GET" + "/users/self/verify")), checked by
/// <see cref="CoinbaseExchangeSignature"/> within the REST 30 s window. Credentials that do not verify are answered
/// <c>{"type":"error","message":"Authentication Failed","reason":"{\"message\":\"…\"}"}</c> (the shape ccxt's
/// coinbaseexchange parses). Without credentials a subscription to a channel that needs them stays unauthenticated
/// ("you will remain in the unauthenticated channel"): confirmed, but nothing of the account is pushed. After a
/// confirmation the fake pushes each channel's first update: the account's open orders (placed over REST) as
/// <c>received</c> and <c>open</c> messages on <c>user</c>, one <c>ticker</c>, one <c>heartbeat</c> per product.
/// </summary>
internal sealed class ExchangeFeed(FakeCoinbaseExchangeOptions options, Func<IEnumerable<JsonObject>> openOrders) : CoinbaseFeed
{
    public const string AuthenticationFailed = "Authentication Failed";

    /// <summary>The user and profile every authenticated message of the fake's one account carries.</summary>
    private const string UserId = "5844eceecf7e803e259d0365";
    private const string ProfileId = "765d1549-9660-4be2-97d4-fa2d65fa3352";

    private static readonly HashSet<string> AuthenticatedChannels = new(["full", "user", "level2", "level3", "balance"], StringComparer.Ordinal);

    private static readonly HashSet<string> KnownChannels = new(
        ["heartbeat", "status", "auctionfeed", "matches", "rfq_matches", "ticker", "ticker_batch", "ticker_1000", "level2_batch", "level2_50", .. AuthenticatedChannels],
        StringComparer.Ordinal);

    private long _sequence = 1_000;

    protected override RecordedFeedMessage Handle(FeedConnection connection, string frame, List<JsonNode> replies)
    {
        var message = ParseObject(frame);
        var type = message is null ? null : Text(message, "type");
        var products = message is null ? null : Strings(message, "product_ids");
        var channels = message is null ? null : Channels(message, products ?? []);
        var key = message is null ? null : Text(message, "key");
        RecordedFeedMessage Record(SignatureCheck check, string? error, string? reason = null)
        {
            if (error is not null)
            {
                var answer = new JsonObject { ["type"] = "error", ["message"] = error };
                if (reason is not null)
                {
                    answer["reason"] = reason;
                }

                replies.Add(answer);
            }

            return new RecordedFeedMessage(connection.Id, frame, type, channels?.Select(c => c.Name).ToArray() ?? [], products ?? [], key, check, error);
        }

        if (message is null || type is not ("subscribe" or "unsubscribe") || products is null || channels is null)
        {
            return Record(SignatureCheck.NotRequired, "Failed to subscribe", "malformed subscribe: type, product_ids and channels (names or {name, product_ids}) required");
        }

        if (channels.Select(c => c.Name).FirstOrDefault(name => !KnownChannels.Contains(name)) is { } unknown)
        {
            return Record(SignatureCheck.NotRequired, "Failed to subscribe", $"{unknown} is not a valid channel");
        }

        var sentCredentials = message.ContainsKey("key") || message.ContainsKey("signature") || message.ContainsKey("passphrase") || message.ContainsKey("timestamp");
        var check = SignatureCheck.NotRequired;
        if (sentCredentials)
        {
            var (verdict, problem) = Authenticate(message);
            check = verdict;
            if (problem is not null)
            {
                return Record(check, AuthenticationFailed, new JsonObject { ["message"] = problem }.ToJsonString());
            }
        }
        else if (channels.Any(c => AuthenticatedChannels.Contains(c.Name)))
        {
            check = SignatureCheck.Missing;
        }

        foreach (var (name, channelProducts) in channels)
        {
            if (type == "subscribe")
            {
                connection.Subscribe(name, channelProducts);
            }
            else
            {
                connection.Unsubscribe(name, channelProducts);
            }
        }

        replies.Add(Subscriptions(connection));
        if (type == "subscribe")
        {
            foreach (var (name, channelProducts) in channels)
            {
                replies.AddRange(FirstUpdates(name, channelProducts, authenticated: check == SignatureCheck.Valid));
            }
        }

        return Record(check, null);
    }

    /// <summary>Checks the four fields the way the REST fake checks its headers: key, timestamp window, signature, passphrase.</summary>
    private (SignatureCheck Check, string? Problem) Authenticate(JsonObject message)
    {
        var key = Text(message, "key");
        var signature = Text(message, "signature");
        var passphrase = Text(message, "passphrase");

        // ccxt sends the timestamp as a JSON number, the docs' Python example as a string: either is its text.
        var timestamp = message["timestamp"] is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number
            ? value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()
            : null;
        if (key is null || signature is null || passphrase is null || timestamp is null)
        {
            return (SignatureCheck.Missing, "key, passphrase, timestamp and signature are all required");
        }

        var check = CoinbaseExchangeSignature.Verify(options.Secret, timestamp, "GET", "/users/self/verify", "", signature)
            ? SignatureCheck.Valid
            : SignatureCheck.Invalid;
        if (!string.Equals(key, options.ApiKey, StringComparison.Ordinal))
        {
            return (check, "Invalid API Key");
        }

        if (!decimal.TryParse(timestamp, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs((decimal)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000m - seconds) > (decimal)FakeCoinbaseExchange.TimestampWindow.TotalSeconds)
        {
            return (check, "request timestamp expired");
        }

        if (check != SignatureCheck.Valid)
        {
            return (check, "invalid signature");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(passphrase), Encoding.UTF8.GetBytes(options.Passphrase)))
        {
            return (check, "Invalid Passphrase");
        }

        return (check, null);
    }

    /// <summary>
    /// The channels a message names, each with its products: its own <c>product_ids</c>, plus the root ones ("this
    /// adds them to all the channels you subscribe to"). Null when <c>channels</c> is missing or malformed.
    /// </summary>
    private static List<(string Name, List<string> Products)>? Channels(JsonObject message, List<string> rootProducts)
    {
        if (message["channels"] is not JsonArray array)
        {
            return null;
        }

        var channels = new List<(string, List<string>)>();
        foreach (var item in array)
        {
            if (item is JsonValue value && value.TryGetValue<string>(out var name))
            {
                channels.Add((name, [.. rootProducts]));
            }
            else if (item is JsonObject channel && Text(channel, "name") is { } named && Strings(channel, "product_ids") is { } own)
            {
                channels.Add((named, [.. own.Union(rootProducts)]));
            }
            else
            {
                return null;
            }
        }

        return channels;
    }

    private static JsonObject Subscriptions(FeedConnection connection) => new()
    {
        ["type"] = "subscriptions",
        ["channels"] = new JsonArray([.. connection.Subscriptions.Select(s => (JsonNode)new JsonObject
        {
            ["name"] = s.Key,
            ["product_ids"] = new JsonArray([.. s.Value.Select(p => (JsonNode)p)]),
        })]),
    };

    private IEnumerable<JsonNode> FirstUpdates(string channel, List<string> products, bool authenticated)
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        switch (channel)
        {
            case "user" when authenticated:
                foreach (var order in openOrders().Where(o => products.Count == 0 || products.Contains(o["product_id"]!.GetValue<string>())))
                {
                    yield return OrderMessage("received", order, now, new JsonObject
                    {
                        ["size"] = order["size"]!.DeepClone(),
                        ["price"] = order["price"]!.DeepClone(),
                        ["order_type"] = "limit",
                        ["client_oid"] = order["client_oid"]?.DeepClone(),
                    });
                    yield return OrderMessage("open", order, now, new JsonObject
                    {
                        ["price"] = order["price"]!.DeepClone(),
                        ["remaining_size"] = order["size"]!.DeepClone(),
                    });
                }

                break;
            case "ticker":
                foreach (var product in products)
                {
                    yield return new JsonObject
                    {
                        ["type"] = "ticker",
                        ["sequence"] = Interlocked.Increment(ref _sequence),
                        ["product_id"] = product,
                        ["price"] = "100000.00",
                        ["open_24h"] = "99500.00",
                        ["volume_24h"] = "1000.00000000",
                        ["low_24h"] = "99000.00",
                        ["high_24h"] = "101000.00",
                        ["volume_30d"] = "30000.00000000",
                        ["best_bid"] = "99999.99",
                        ["best_bid_size"] = "1.00000000",
                        ["best_ask"] = "100000.01",
                        ["best_ask_size"] = "1.00000000",
                        ["side"] = "buy",
                        ["time"] = now,
                        ["trade_id"] = 370843401,
                        ["last_size"] = "0.01000000",
                    };
                }

                break;
            case "heartbeat":
                foreach (var product in products)
                {
                    yield return new JsonObject
                    {
                        ["type"] = "heartbeat",
                        ["sequence"] = Interlocked.Increment(ref _sequence),
                        ["last_trade_id"] = 370843401,
                        ["product_id"] = product,
                        ["time"] = now,
                    };
                }

                break;
        }
    }

    /// <summary>A <c>full</c>/<c>user</c> channel order message with the fields authenticated feeds add (user_id, profile_id).</summary>
    private JsonObject OrderMessage(string type, JsonObject order, string now, JsonObject fields)
    {
        var message = new JsonObject
        {
            ["type"] = type,
            ["side"] = order["side"]!.DeepClone(),
            ["product_id"] = order["product_id"]!.DeepClone(),
            ["time"] = now,
            ["sequence"] = Interlocked.Increment(ref _sequence),
            ["profile_id"] = ProfileId,
            ["user_id"] = UserId,
            ["order_id"] = order["id"]!.DeepClone(),
        };
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                message[name] = value.DeepClone();
            }
        }

        return message;
    }
}
