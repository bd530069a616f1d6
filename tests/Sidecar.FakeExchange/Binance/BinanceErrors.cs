namespace Sidecar.FakeExchange.Binance;

/// <summary>An error as Binance answers it: HTTP status plus <c>{"code":…,"msg":…}</c>.</summary>
internal sealed record BinanceError(int HttpStatus, int Code, string Message);

/// <summary>The errors the fake answers, with the codes and messages of Binance's published error lists
/// (spot errors.md and the USDⓈ-M "Error Codes" page). -2014/-2015 are answered with HTTP 401, everything else 400.</summary>
internal static class BinanceErrors
{
    public const int MaxRecvWindow = 60_000;

    public static readonly BinanceError TimestampOutsideRecvWindow =
        new(400, -1021, "Timestamp for this request is outside of the recvWindow.");

    public static readonly BinanceError TimestampAhead =
        new(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");

    public static readonly BinanceError InvalidSignature = new(400, -1022, "Signature for this request is not valid.");

    public static readonly BinanceError DuplicateParameter = new(400, -1101, "Duplicate values for a parameter detected.");

    public static readonly BinanceError MalformedRequest =
        new(400, -1102, "A mandatory parameter was not sent, was empty/null, or malformed.");

    public static readonly BinanceError RecvWindowTooLarge =
        new(400, -1102, $"'recvWindow' contains unexpected value. Cannot be greater than {MaxRecvWindow}.");

    public static readonly BinanceError InvalidTimeInForce = new(400, -1115, "Invalid timeInForce.");

    public static readonly BinanceError InvalidOrderType = new(400, -1116, "Invalid orderType.");

    public static readonly BinanceError InvalidSide = new(400, -1117, "Invalid side.");

    public static readonly BinanceError EmptyNewClientOrderId = new(400, -1118, "New client order ID was empty.");

    public static readonly BinanceError InvalidSymbol = new(400, -1121, "Invalid symbol.");

    public static readonly BinanceError InvalidListenKey = new(400, -1125, "This listenKey does not exist.");

    public static readonly BinanceError UnknownOrderSent = new(400, -2011, "Unknown order sent.");

    public static readonly BinanceError OrderDoesNotExist = new(400, -2013, "Order does not exist.");

    public static readonly BinanceError ApiKeyFormatInvalid = new(401, -2014, "API-key format invalid.");

    public static readonly BinanceError ApiKeyRejected = new(401, -2015, "Invalid API-key, IP, or permissions for action.");

    public static BinanceError MandatoryParameter(string name) =>
        new(400, -1102, $"Mandatory parameter '{name}' was not sent, was empty/null, or malformed.");

    public static BinanceError EitherParameter(string first, string second) =>
        new(400, -1102, $"Param '{first}' or '{second}' must be sent, but both were empty/null!");

    public static BinanceError IllegalDecimal(string name) =>
        new(400, -1100, $"Illegal characters found in parameter '{name}'; legal range is '^([0-9]{{1,20}})(\\.[0-9]{{1,20}})?$'.");

    public static BinanceError NotRequired(string name) => new(400, -1106, $"Parameter '{name}' sent when not required.");

    public static BinanceError InvalidParameter(string name) => new(400, -1130, $"Data sent for parameter '{name}' is not valid.");

    /// <summary>Spot filter failures (-1013), e.g. "Filter failure: PRICE_FILTER".</summary>
    public static BinanceError SpotFilterFailure(string filterType) => new(400, -1013, $"Filter failure: {filterType}");

    /// <summary>Spot matching-engine rejections (-2010), e.g. "Duplicate order sent.".</summary>
    public static BinanceError SpotOrderRejected(string message) => new(400, -2010, message);

    /// <summary>USDⓈ-M codes from the futures error list (40xx filters, -2019, -2025, -4116, -4164).</summary>
    public static class Futures
    {
        public static readonly BinanceError PriceBelowMin = new(400, -4013, "Price less than min price.");
        public static readonly BinanceError PriceAboveMax = new(400, -4002, "Price greater than max price.");
        public static readonly BinanceError PriceNotOnTick = new(400, -4014, "Price not increased by tick size.");
        public static readonly BinanceError QuantityBelowMin = new(400, -4004, "Quantity less than min quantity.");
        public static readonly BinanceError QuantityAboveMax = new(400, -4005, "Quantity greater than max quantity.");
        public static readonly BinanceError QuantityNotOnStep = new(400, -4023, "Qty not increased by step size.");
        public static readonly BinanceError MarginInsufficient = new(400, -2019, "Margin is insufficient.");
        public static readonly BinanceError MaxOpenOrders = new(400, -2025, "Reach max open order limit.");
        public static readonly BinanceError DuplicateClientOrderId = new(400, -4116, "ClientOrderId is duplicated.");

        public static BinanceError NotionalTooSmall(decimal minNotional) =>
            new(400, -4164, $"Order's notional must be no smaller than {minNotional.ToString(System.Globalization.CultureInfo.InvariantCulture)} (unless you choose reduce only)");
    }
}
