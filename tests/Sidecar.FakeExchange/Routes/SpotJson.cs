using Sidecar.FakeExchange.Accounts;
using Sidecar.FakeExchange.Market;
using Sidecar.FakeExchange.Orders;

namespace Sidecar.FakeExchange.Routes;

/// <summary>Spot (/api/v3) response bodies, shaped like the examples in Binance's rest-api.md.</summary>
internal static class SpotJson
{
    public static JsonObject ExchangeInfo(IEnumerable<SymbolSpec> symbols, long serverTime, int weightPerMinute) => new()
    {
        ["timezone"] = "UTC",
        ["serverTime"] = serverTime,
        ["rateLimits"] = new JsonArray(
            RateLimit("REQUEST_WEIGHT", "MINUTE", 1, weightPerMinute),
            RateLimit("ORDERS", "SECOND", 10, 100),
            RateLimit("ORDERS", "DAY", 1, 200_000),
            RateLimit("RAW_REQUESTS", "MINUTE", 5, 61_000)),
        ["exchangeFilters"] = new JsonArray(),
        ["symbols"] = new JsonArray(symbols.Select(Symbol).ToArray<JsonNode?>()),
    };

    public static JsonObject Price(SymbolSpec symbol) => new()
    {
        ["symbol"] = symbol.Symbol,
        ["price"] = DecimalText.Spot(symbol.LastPrice),
    };

    public static JsonObject Account(IEnumerable<AssetBalance> balances, long now) => new()
    {
        ["makerCommission"] = 10,
        ["takerCommission"] = 10,
        ["buyerCommission"] = 0,
        ["sellerCommission"] = 0,
        ["commissionRates"] = new JsonObject
        {
            ["maker"] = "0.00100000",
            ["taker"] = "0.00100000",
            ["buyer"] = "0.00000000",
            ["seller"] = "0.00000000",
        },
        ["canTrade"] = true,
        ["canWithdraw"] = true,
        ["canDeposit"] = true,
        ["brokered"] = false,
        ["requireSelfTradePrevention"] = false,
        ["preventSor"] = false,
        ["updateTime"] = now,
        ["accountType"] = "SPOT",
        ["balances"] = new JsonArray(balances.Select(b => (JsonNode?)new JsonObject
        {
            ["asset"] = b.Asset,
            ["free"] = DecimalText.Spot(b.Free),
            ["locked"] = DecimalText.Spot(b.Locked),
        }).ToArray()),
        ["permissions"] = new JsonArray("SPOT"),
        ["uid"] = 354937868,
    };

    /// <summary>POST /api/v3/order answer for newOrderRespType ACK, RESULT or FULL.</summary>
    public static JsonObject NewOrder(StoredOrder order, string responseType)
    {
        var json = new JsonObject
        {
            ["symbol"] = order.Symbol,
            ["orderId"] = order.OrderId,
            ["orderListId"] = -1,
            ["clientOrderId"] = order.ClientOrderId,
            ["transactTime"] = order.Time,
        };
        if (responseType == "ACK")
        {
            return json;
        }

        json["price"] = DecimalText.Spot(order.Price);
        json["origQty"] = DecimalText.Spot(order.OrigQty);
        json["executedQty"] = DecimalText.Spot(order.ExecutedQty);
        json["origQuoteOrderQty"] = DecimalText.Spot(order.OrigQuoteOrderQty);
        json["cummulativeQuoteQty"] = DecimalText.Spot(order.CumQuote);
        json["status"] = order.Status;
        json["timeInForce"] = order.TimeInForce;
        json["type"] = order.Type;
        json["side"] = order.Side;
        json["workingTime"] = order.Time;
        json["selfTradePreventionMode"] = "EXPIRE_MAKER";
        if (responseType == "FULL")
        {
            json["fills"] = order.ExecutedQty == 0m
                ? new JsonArray()
                : new JsonArray(new JsonObject
                {
                    ["price"] = DecimalText.Spot(order.AveragePrice),
                    ["qty"] = DecimalText.Spot(order.ExecutedQty),
                    ["commission"] = DecimalText.Spot(0m),
                    ["commissionAsset"] = "BNB",
                    ["tradeId"] = order.OrderId,
                });
        }

        return json;
    }

    /// <summary>An order as GET /api/v3/order, /openOrders and /allOrders show it.</summary>
    public static JsonObject Order(StoredOrder order) => new()
    {
        ["symbol"] = order.Symbol,
        ["orderId"] = order.OrderId,
        ["orderListId"] = -1,
        ["clientOrderId"] = order.ClientOrderId,
        ["price"] = DecimalText.Spot(order.Price),
        ["origQty"] = DecimalText.Spot(order.OrigQty),
        ["executedQty"] = DecimalText.Spot(order.ExecutedQty),
        ["cummulativeQuoteQty"] = DecimalText.Spot(order.CumQuote),
        ["status"] = order.Status,
        ["timeInForce"] = order.TimeInForce,
        ["type"] = order.Type,
        ["side"] = order.Side,
        ["stopPrice"] = DecimalText.Spot(0m),
        ["icebergQty"] = DecimalText.Spot(0m),
        ["time"] = order.Time,
        ["updateTime"] = order.UpdateTime,
        ["isWorking"] = true,
        ["workingTime"] = order.Time,
        ["origQuoteOrderQty"] = DecimalText.Spot(order.OrigQuoteOrderQty),
        ["selfTradePreventionMode"] = "EXPIRE_MAKER",
    };

    /// <summary>DELETE /api/v3/order answer.</summary>
    public static JsonObject Canceled(StoredOrder order, string cancelClientOrderId) => new()
    {
        ["symbol"] = order.Symbol,
        ["origClientOrderId"] = order.ClientOrderId,
        ["orderId"] = order.OrderId,
        ["orderListId"] = -1,
        ["clientOrderId"] = cancelClientOrderId,
        ["transactTime"] = order.UpdateTime,
        ["price"] = DecimalText.Spot(order.Price),
        ["origQty"] = DecimalText.Spot(order.OrigQty),
        ["executedQty"] = DecimalText.Spot(order.ExecutedQty),
        ["origQuoteOrderQty"] = DecimalText.Spot(order.OrigQuoteOrderQty),
        ["cummulativeQuoteQty"] = DecimalText.Spot(order.CumQuote),
        ["status"] = order.Status,
        ["timeInForce"] = order.TimeInForce,
        ["type"] = order.Type,
        ["side"] = order.Side,
        ["selfTradePreventionMode"] = "EXPIRE_MAKER",
    };

    public static JsonArray Orders(IEnumerable<StoredOrder> orders) => new(orders.Select(o => (JsonNode?)Order(o)).ToArray());

    private static JsonObject Symbol(SymbolSpec symbol) => new()
    {
        ["symbol"] = symbol.Symbol,
        ["status"] = "TRADING",
        ["baseAsset"] = symbol.BaseAsset,
        ["baseAssetPrecision"] = 8,
        ["quoteAsset"] = symbol.QuoteAsset,
        ["quotePrecision"] = 8,
        ["quoteAssetPrecision"] = 8,
        ["baseCommissionPrecision"] = 8,
        ["quoteCommissionPrecision"] = 8,
        // Only what the fake implements; ccxt refuses order types that a symbol does not list.
        ["orderTypes"] = new JsonArray("LIMIT", "MARKET"),
        ["icebergAllowed"] = false,
        ["ocoAllowed"] = false,
        ["otoAllowed"] = false,
        ["opoAllowed"] = false,
        ["quoteOrderQtyMarketAllowed"] = true,
        ["allowTrailingStop"] = false,
        ["cancelReplaceAllowed"] = false,
        ["amendAllowed"] = false,
        ["pegInstructionsAllowed"] = false,
        ["isSpotTradingAllowed"] = true,
        ["isMarginTradingAllowed"] = false,
        ["filters"] = new JsonArray(
            new JsonObject
            {
                ["filterType"] = "PRICE_FILTER",
                ["minPrice"] = DecimalText.Spot(symbol.Price.MinPrice),
                ["maxPrice"] = DecimalText.Spot(symbol.Price.MaxPrice),
                ["tickSize"] = DecimalText.Spot(symbol.Price.TickSize),
            },
            Lot("LOT_SIZE", symbol.Lot),
            Lot("MARKET_LOT_SIZE", symbol.MarketLot),
            new JsonObject
            {
                ["filterType"] = "NOTIONAL",
                ["minNotional"] = DecimalText.Spot(symbol.MinNotional),
                ["applyMinToMarket"] = true,
                ["maxNotional"] = DecimalText.Spot(9_000_000m),
                ["applyMaxToMarket"] = false,
                ["avgPriceMins"] = 5,
            },
            new JsonObject { ["filterType"] = "MAX_NUM_ORDERS", ["maxNumOrders"] = symbol.MaxNumOrders }),
        ["permissions"] = new JsonArray(),
        ["permissionSets"] = new JsonArray(new JsonArray("SPOT")),
        ["defaultSelfTradePreventionMode"] = "EXPIRE_MAKER",
        ["allowedSelfTradePreventionModes"] = new JsonArray("EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"),
    };

    private static JsonObject Lot(string filterType, LotSize lot) => new()
    {
        ["filterType"] = filterType,
        ["minQty"] = DecimalText.Spot(lot.MinQty),
        ["maxQty"] = DecimalText.Spot(lot.MaxQty),
        ["stepSize"] = DecimalText.Spot(lot.StepSize),
    };

    private static JsonObject RateLimit(string type, string interval, int intervalNum, int limit) => new()
    {
        ["rateLimitType"] = type,
        ["interval"] = interval,
        ["intervalNum"] = intervalNum,
        ["limit"] = limit,
    };
}
