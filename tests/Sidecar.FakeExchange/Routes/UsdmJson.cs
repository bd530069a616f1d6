using Sidecar.FakeExchange.Accounts;
using Sidecar.FakeExchange.Market;
using Sidecar.FakeExchange.Orders;

namespace Sidecar.FakeExchange.Routes;

/// <summary>USDⓈ-M futures (/fapi) response bodies, shaped like the examples in Binance's derivatives docs.</summary>
internal static class UsdmJson
{
    /// <summary>deliveryDate of perpetual contracts (2100-12-25), as the real exchange reports it.</summary>
    private const long PerpetualDeliveryDate = 4_133_404_800_000;

    private const long OnboardDate = 1_569_398_400_000;

    public static JsonObject ExchangeInfo(IEnumerable<SymbolSpec> symbols, long serverTime, string futuresType, int weightPerMinute) => new()
    {
        ["timezone"] = "UTC",
        ["serverTime"] = serverTime,
        ["futuresType"] = futuresType,
        ["rateLimits"] = new JsonArray(
            RateLimit("REQUEST_WEIGHT", "MINUTE", 1, weightPerMinute),
            RateLimit("ORDERS", "MINUTE", 1, 1200),
            RateLimit("ORDERS", "SECOND", 10, 300)),
        ["exchangeFilters"] = new JsonArray(),
        ["assets"] = new JsonArray(
            new JsonObject { ["asset"] = "USDT", ["marginAvailable"] = true, ["autoAssetExchange"] = "-10000" },
            new JsonObject { ["asset"] = "BTC", ["marginAvailable"] = true, ["autoAssetExchange"] = "-0.10000000" }),
        ["symbols"] = new JsonArray(symbols.Select(Symbol).ToArray<JsonNode?>()),
    };

    public static JsonObject Price(SymbolSpec symbol, long now) => new()
    {
        ["symbol"] = symbol.Symbol,
        ["price"] = DecimalText.Fixed(symbol.LastPrice, symbol.PricePrecision),
        ["time"] = now,
    };

    /// <summary>An order as POST/GET/DELETE /fapi/v1/order and /openOrders show it.</summary>
    public static JsonObject Order(StoredOrder order)
    {
        var symbol = MarketCatalog.UsdM[order.Symbol];
        return new JsonObject
        {
            ["orderId"] = order.OrderId,
            ["symbol"] = order.Symbol,
            ["status"] = order.Status,
            ["clientOrderId"] = order.ClientOrderId,
            ["price"] = DecimalText.Fixed(order.Price, symbol.PricePrecision),
            ["avgPrice"] = DecimalText.Fixed(order.AveragePrice, symbol.PricePrecision),
            ["origQty"] = DecimalText.Fixed(order.OrigQty, symbol.QuantityPrecision),
            ["executedQty"] = DecimalText.Fixed(order.ExecutedQty, symbol.QuantityPrecision),
            ["cumQty"] = DecimalText.Fixed(order.ExecutedQty, symbol.QuantityPrecision),
            ["cumQuote"] = DecimalText.Fixed(order.CumQuote, 5),
            ["timeInForce"] = order.TimeInForce,
            ["type"] = order.Type,
            ["reduceOnly"] = order.ReduceOnly,
            ["closePosition"] = false,
            ["side"] = order.Side,
            ["positionSide"] = order.PositionSide,
            ["stopPrice"] = "0",
            ["workingType"] = "CONTRACT_PRICE",
            ["priceProtect"] = false,
            ["origType"] = order.Type,
            ["priceMatch"] = "NONE",
            ["selfTradePreventionMode"] = "EXPIRE_MAKER",
            ["goodTillDate"] = 0,
            ["time"] = order.Time,
            ["updateTime"] = order.UpdateTime,
        };
    }

    public static JsonArray Orders(IEnumerable<StoredOrder> orders) => new(orders.Select(o => (JsonNode?)Order(o)).ToArray());

    /// <summary>GET /fapi/v2/account (v2: account flags and every symbol's position) or /fapi/v3/account (v3).</summary>
    public static JsonObject Account(IReadOnlyList<StoredOrder> openOrders, long now, bool v2)
    {
        var openMargin = FuturesWallet.OpenOrderInitialMargin(openOrders);
        var available = FuturesWallet.Available(openOrders);
        var wallet = FuturesWallet.WalletBalance;
        var json = new JsonObject();
        if (v2)
        {
            json["feeTier"] = 0;
            json["feeBurn"] = true;
            json["canTrade"] = true;
            json["canDeposit"] = true;
            json["canWithdraw"] = true;
            json["updateTime"] = 0;
            json["multiAssetsMargin"] = false;
            json["tradeGroupId"] = -1;
        }

        json["totalInitialMargin"] = Amount(openMargin);
        json["totalMaintMargin"] = Amount(0m);
        json["totalWalletBalance"] = Amount(wallet);
        json["totalUnrealizedProfit"] = Amount(0m);
        json["totalMarginBalance"] = Amount(wallet);
        json["totalPositionInitialMargin"] = Amount(0m);
        json["totalOpenOrderInitialMargin"] = Amount(openMargin);
        json["totalCrossWalletBalance"] = Amount(wallet);
        json["totalCrossUnPnl"] = Amount(0m);
        json["availableBalance"] = Amount(available);
        json["maxWithdrawAmount"] = Amount(available);
        json["assets"] = new JsonArray(new JsonObject
        {
            ["asset"] = FuturesWallet.MarginAsset,
            ["walletBalance"] = Amount(wallet),
            ["unrealizedProfit"] = Amount(0m),
            ["marginBalance"] = Amount(wallet),
            ["maintMargin"] = Amount(0m),
            ["initialMargin"] = Amount(openMargin),
            ["positionInitialMargin"] = Amount(0m),
            ["openOrderInitialMargin"] = Amount(openMargin),
            ["crossWalletBalance"] = Amount(wallet),
            ["crossUnPnl"] = Amount(0m),
            ["availableBalance"] = Amount(available),
            ["maxWithdrawAmount"] = Amount(available),
            ["marginAvailable"] = true,
            ["updateTime"] = now,
        });
        json["positions"] = v2
            ? new JsonArray(MarketCatalog.UsdM.Values.Select(s => (JsonNode?)FlatPosition(s, openOrders)).ToArray())
            : new JsonArray();
        return json;
    }

    /// <summary>GET /fapi/v2/balance and /fapi/v3/balance.</summary>
    public static JsonArray Balance(IReadOnlyList<StoredOrder> openOrders, long now)
    {
        var available = FuturesWallet.Available(openOrders);
        return new JsonArray(new JsonObject
        {
            ["accountAlias"] = "SgsR",
            ["asset"] = FuturesWallet.MarginAsset,
            ["balance"] = Amount(FuturesWallet.WalletBalance),
            ["crossWalletBalance"] = Amount(FuturesWallet.WalletBalance),
            ["crossUnPnl"] = Amount(0m),
            ["availableBalance"] = Amount(available),
            ["maxWithdrawAmount"] = Amount(available),
            ["marginAvailable"] = true,
            ["updateTime"] = now,
        });
    }

    private static JsonObject FlatPosition(SymbolSpec symbol, IReadOnlyList<StoredOrder> openOrders)
    {
        var openMargin = FuturesWallet.OpenOrderInitialMargin(openOrders.Where(o => o.Symbol == symbol.Symbol).ToList());
        return new JsonObject
        {
            ["symbol"] = symbol.Symbol,
            ["initialMargin"] = Amount(openMargin),
            ["maintMargin"] = "0",
            ["unrealizedProfit"] = Amount(0m),
            ["positionInitialMargin"] = "0",
            ["openOrderInitialMargin"] = Amount(openMargin),
            ["leverage"] = FuturesWallet.Leverage.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["isolated"] = false,
            ["entryPrice"] = "0.0",
            ["maxNotional"] = "1000000",
            ["bidNotional"] = "0",
            ["askNotional"] = "0",
            ["positionSide"] = "BOTH",
            ["positionAmt"] = "0.000",
            ["updateTime"] = 0,
        };
    }

    private static JsonObject Symbol(SymbolSpec symbol) => new()
    {
        ["symbol"] = symbol.Symbol,
        ["pair"] = symbol.Symbol,
        ["contractType"] = "PERPETUAL",
        ["deliveryDate"] = PerpetualDeliveryDate,
        ["onboardDate"] = OnboardDate,
        ["status"] = "TRADING",
        ["maintMarginPercent"] = "2.5000",
        ["requiredMarginPercent"] = "5.0000",
        ["baseAsset"] = symbol.BaseAsset,
        ["quoteAsset"] = symbol.QuoteAsset,
        ["marginAsset"] = FuturesWallet.MarginAsset,
        ["pricePrecision"] = symbol.PricePrecision,
        ["quantityPrecision"] = symbol.QuantityPrecision,
        ["baseAssetPrecision"] = 8,
        ["quotePrecision"] = 8,
        ["underlyingType"] = "COIN",
        ["underlyingSubType"] = new JsonArray("PoW"),
        ["settlePlan"] = 0,
        ["triggerProtect"] = "0.0500",
        ["liquidationFee"] = "0.012500",
        ["marketTakeBound"] = "0.05",
        ["maxMoveOrderLimit"] = 10000,
        ["filters"] = new JsonArray(
            new JsonObject
            {
                ["filterType"] = "PRICE_FILTER",
                ["minPrice"] = DecimalText.Plain(symbol.Price.MinPrice),
                ["maxPrice"] = DecimalText.Plain(symbol.Price.MaxPrice),
                ["tickSize"] = DecimalText.Plain(symbol.Price.TickSize),
            },
            Lot("LOT_SIZE", symbol.Lot),
            Lot("MARKET_LOT_SIZE", symbol.MarketLot),
            new JsonObject { ["filterType"] = "MAX_NUM_ORDERS", ["limit"] = symbol.MaxNumOrders },
            new JsonObject { ["filterType"] = "MIN_NOTIONAL", ["notional"] = DecimalText.Plain(symbol.MinNotional) }),
        // The docs' example spells this "OrderType"; the live API (and ccxt) use "orderTypes".
        ["orderTypes"] = new JsonArray("LIMIT", "MARKET"),
        ["timeInForce"] = new JsonArray("GTC", "IOC", "FOK", "GTX"),
    };

    private static JsonObject Lot(string filterType, LotSize lot) => new()
    {
        ["filterType"] = filterType,
        ["minQty"] = DecimalText.Plain(lot.MinQty),
        ["maxQty"] = DecimalText.Plain(lot.MaxQty),
        ["stepSize"] = DecimalText.Plain(lot.StepSize),
    };

    private static JsonObject RateLimit(string type, string interval, int intervalNum, int limit) => new()
    {
        ["rateLimitType"] = type,
        ["interval"] = interval,
        ["intervalNum"] = intervalNum,
        ["limit"] = limit,
    };

    private static string Amount(decimal value) => DecimalText.Spot(value);
}
