using Sidecar.FakeExchange.Accounts;
using Sidecar.FakeExchange.Market;
using Sidecar.FakeExchange.Orders;

namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>
/// User data events, shaped as spot user-data-stream.md (<c>outboundAccountPosition</c>, <c>executionReport</c>,
/// <c>eventStreamTerminated</c>) and the USDⓈ-M "Event: Balance and Position Update" / "Event: Order Update" pages
/// (<c>ACCOUNT_UPDATE</c>, <c>ORDER_TRADE_UPDATE</c>).
/// </summary>
internal static class UserDataEvents
{
    public static JsonObject AccountPosition(IReadOnlyList<AssetBalance> balances, long now) => new()
    {
        ["e"] = "outboundAccountPosition",
        ["E"] = now,
        ["u"] = now,
        ["B"] = new JsonArray(balances.Select(b => (JsonNode?)new JsonObject
        {
            ["a"] = b.Asset,
            ["f"] = DecimalText.Spot(b.Free),
            ["l"] = DecimalText.Spot(b.Locked),
        }).ToArray()),
    };

    public static JsonObject ExecutionReport(StoredOrder order, OrderChange change, long executionId, long now)
    {
        var traded = ExecutionType(order, change) == "TRADE";
        var report = new JsonObject
        {
            ["e"] = "executionReport",
            ["E"] = now,
            ["s"] = order.Symbol,
            ["c"] = order.ClientOrderId,
            ["S"] = order.Side,
            ["o"] = order.Type,
            ["f"] = order.TimeInForce,
            ["q"] = DecimalText.Spot(order.OrigQty),
            ["p"] = DecimalText.Spot(order.Price),
            ["P"] = DecimalText.Spot(0m),
            ["F"] = DecimalText.Spot(0m),
            ["g"] = -1,
            // "Original client order ID; This is the ID of the order being canceled".
            ["C"] = change == OrderChange.Canceled ? order.ClientOrderId : string.Empty,
            ["x"] = ExecutionType(order, change),
            ["X"] = order.Status,
            ["r"] = "NONE",
            ["i"] = order.OrderId,
            ["l"] = DecimalText.Spot(traded ? order.ExecutedQty : 0m),
            ["z"] = DecimalText.Spot(order.ExecutedQty),
            ["L"] = DecimalText.Spot(traded ? order.AveragePrice : 0m),
            ["n"] = "0",
            ["N"] = null,
            ["T"] = order.UpdateTime,
            ["t"] = traded ? order.OrderId : -1,
            ["I"] = executionId,
            ["w"] = order.IsOpen,
            ["m"] = false,
            ["M"] = false,
            ["O"] = order.Time,
            ["Z"] = DecimalText.Spot(order.CumQuote),
            ["Y"] = DecimalText.Spot(traded ? order.CumQuote : 0m),
            ["Q"] = DecimalText.Spot(order.OrigQuoteOrderQty),
            ["V"] = "EXPIRE_MAKER",
        };
        if (order.IsOpen)
        {
            report["W"] = order.Time;
        }

        return report;
    }

    public static JsonObject StreamTerminated(long now) => new() { ["e"] = "eventStreamTerminated", ["E"] = now };

    /// <summary>The futures wallet as an <c>ACCOUNT_UPDATE</c> (what the fake pushes when a user stream connects).</summary>
    public static JsonObject FuturesAccountUpdate(long now) => new()
    {
        ["e"] = "ACCOUNT_UPDATE",
        ["E"] = now,
        ["T"] = now,
        ["a"] = new JsonObject
        {
            ["m"] = "ADJUSTMENT",
            ["B"] = new JsonArray(new JsonObject
            {
                ["a"] = FuturesWallet.MarginAsset,
                ["wb"] = DecimalText.Spot(FuturesWallet.WalletBalance),
                ["cw"] = DecimalText.Spot(FuturesWallet.WalletBalance),
                ["bc"] = "0",
            }),
            ["P"] = new JsonArray(),
        },
    };

    public static JsonObject OrderTradeUpdate(StoredOrder order, OrderChange change, long now)
    {
        var symbol = MarketCatalog.UsdM[order.Symbol];
        var traded = ExecutionType(order, change) == "TRADE";
        return new JsonObject
        {
            ["e"] = "ORDER_TRADE_UPDATE",
            ["E"] = now,
            ["T"] = order.UpdateTime,
            ["o"] = new JsonObject
            {
                ["s"] = order.Symbol,
                ["c"] = order.ClientOrderId,
                ["S"] = order.Side,
                ["o"] = order.Type,
                ["f"] = order.TimeInForce,
                ["q"] = DecimalText.Fixed(order.OrigQty, symbol.QuantityPrecision),
                ["p"] = DecimalText.Fixed(order.Price, symbol.PricePrecision),
                ["ap"] = DecimalText.Fixed(order.AveragePrice, symbol.PricePrecision),
                ["sp"] = "0",
                ["x"] = ExecutionType(order, change),
                ["X"] = order.Status,
                ["i"] = order.OrderId,
                ["l"] = DecimalText.Fixed(traded ? order.ExecutedQty : 0m, symbol.QuantityPrecision),
                ["z"] = DecimalText.Fixed(order.ExecutedQty, symbol.QuantityPrecision),
                ["L"] = DecimalText.Fixed(traded ? order.AveragePrice : 0m, symbol.PricePrecision),
                ["T"] = order.UpdateTime,
                ["t"] = traded ? order.OrderId : 0,
                ["b"] = "0",
                ["a"] = "0",
                ["m"] = false,
                ["R"] = order.ReduceOnly,
                ["wt"] = "CONTRACT_PRICE",
                ["ot"] = order.Type,
                ["ps"] = order.PositionSide,
                ["cp"] = false,
                ["rp"] = "0",
                ["pP"] = false,
                ["si"] = 0,
                ["ss"] = 0,
                ["V"] = "EXPIRE_MAKER",
                ["pm"] = "NONE",
                ["gtd"] = 0,
            },
        };
    }

    /// <summary>Execution type (enums.md / the USDⓈ-M order update page): the fake has no matching engine, so a placed
    /// order is NEW, or TRADE when a MARKET order filled at once, or EXPIRED for an IOC/FOK that could not.</summary>
    private static string ExecutionType(StoredOrder order, OrderChange change) => change switch
    {
        OrderChange.Canceled => "CANCELED",
        OrderChange.Amended => "AMENDMENT",
        _ => order.Status switch
        {
            "FILLED" => "TRADE",
            "EXPIRED" => "EXPIRED",
            _ => "NEW",
        },
    };
}
