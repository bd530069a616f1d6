using Sidecar.FakeExchange.Binance;
using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Market;

namespace Sidecar.FakeExchange.Orders;

/// <summary>The parameters of a new order that both products share, read and checked for form.</summary>
internal sealed record NewOrderInput(
    SymbolSpec Symbol,
    string Side,
    string Type,
    string? TimeInForce,
    decimal? Quantity,
    decimal? Price,
    string ClientOrderId);

/// <summary>Reads symbol, side, type, timeInForce, quantity, price and newClientOrderId; only LIMIT and MARKET
/// orders are supported by the fake (any other type is answered -1116).</summary>
internal static class NewOrderReader
{
    private const string ClientIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static (NewOrderInput? Input, BinanceError? Error) Read(
        RequestParameters parameters,
        IReadOnlyDictionary<string, SymbolSpec> symbols,
        IReadOnlySet<string> timeInForceValues)
    {
        if (!parameters.TryGetRequired("symbol", out var symbolName, out var error) ||
            !parameters.TryGetRequired("side", out var side, out error) ||
            !parameters.TryGetRequired("type", out var type, out error))
        {
            return (null, error);
        }

        if (!symbols.TryGetValue(symbolName, out var symbol))
        {
            return (null, BinanceErrors.InvalidSymbol);
        }

        if (side is not ("BUY" or "SELL"))
        {
            return (null, BinanceErrors.InvalidSide);
        }

        if (type is not ("LIMIT" or "MARKET"))
        {
            return (null, BinanceErrors.InvalidOrderType);
        }

        var timeInForce = parameters.Get("timeInForce");
        if (type == "LIMIT")
        {
            if (string.IsNullOrEmpty(timeInForce))
            {
                return (null, BinanceErrors.MandatoryParameter("timeInForce"));
            }

            if (!timeInForceValues.Contains(timeInForce))
            {
                return (null, BinanceErrors.InvalidTimeInForce);
            }
        }
        else if (timeInForce is not null)
        {
            return (null, BinanceErrors.NotRequired("timeInForce"));
        }

        if (!parameters.TryGetDecimal("quantity", required: type == "LIMIT", out var quantity, out error) ||
            !parameters.TryGetDecimal("price", required: type == "LIMIT", out var price, out error))
        {
            return (null, error);
        }

        if (type == "MARKET" && price is not null)
        {
            return (null, BinanceErrors.NotRequired("price"));
        }

        var clientOrderId = parameters.Get("newClientOrderId");
        if (clientOrderId is { Length: 0 })
        {
            return (null, BinanceErrors.EmptyNewClientOrderId);
        }

        clientOrderId ??= RandomNumberGenerator.GetString(ClientIdAlphabet, 22);
        return (new NewOrderInput(symbol, side, type, timeInForce, quantity, price, clientOrderId), null);
    }

    /// <summary>Reads the order id / client order id pair that query and cancel take; at least one is required.</summary>
    public static (long? OrderId, string? ClientOrderId, BinanceError? Error) ReadOrderReference(RequestParameters parameters)
    {
        if (!parameters.TryGetLong("orderId", out var orderId, out var error))
        {
            return (null, null, error);
        }

        var clientOrderId = parameters.Get("origClientOrderId");
        if (orderId is null && string.IsNullOrEmpty(clientOrderId))
        {
            return (null, null, BinanceErrors.EitherParameter("orderId", "origClientOrderId"));
        }

        return (orderId, string.IsNullOrEmpty(clientOrderId) ? null : clientOrderId, null);
    }
}
