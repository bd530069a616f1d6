namespace Sidecar.Signing.Gate;

/// <summary>
/// Gate API v4 (gate.com/docs/developers/apiv4): the operations the docs mark "This operation does not require
/// authentication" — spot, margin, futures, delivery and options market data, currency lists — are public;
/// everything else is signed. Futures and delivery paths carry the settle currency
/// (<c>/api/v4/futures/{settle}/contracts</c>), so those are matched after it. Unknown paths are signed: the safe
/// default is a signature the exchange ignores, never a private call forwarded unsigned. Gate has no
/// API-key-only endpoints.
/// </summary>
internal static class GateEndpoints
{
    public static readonly PathTable Public = new(
        [
            "/api/v4/spot/currencies", "/api/v4/spot/currency_pairs", "/api/v4/spot/tickers", "/api/v4/spot/order_book",
            "/api/v4/spot/trades", "/api/v4/spot/candlesticks", "/api/v4/spot/time", "/api/v4/spot/insurance_history",
            "/api/v4/margin/currency_pairs", "/api/v4/margin/funding_book", "/api/v4/margin/uni/currency_pairs",
            "/api/v4/margin/cross/currencies", "/api/v4/margin/loan_margin_tiers",
            "/api/v4/wallet/currency_chains", "/api/v4/flash_swap/currency_pairs", "/api/v4/flash_swap/currencies",
            "/api/v4/unified/currencies", "/api/v4/unified/history_loan_rate",
            "/api/v4/options/underlyings", "/api/v4/options/expirations", "/api/v4/options/contracts",
            "/api/v4/options/settlements", "/api/v4/options/order_book", "/api/v4/options/tickers",
            "/api/v4/options/candlesticks", "/api/v4/options/underlying/candlesticks", "/api/v4/options/trades",
            "/api/v4/earn/uni/currencies",
        ],
        [
            "/api/v4/spot/currencies/", "/api/v4/spot/currency_pairs/", "/api/v4/margin/currency_pairs/",
            "/api/v4/margin/uni/currency_pairs/", "/api/v4/margin/cross/currencies/", "/api/v4/options/contracts/",
            "/api/v4/options/settlements/", "/api/v4/options/underlying/tickers/", "/api/v4/earn/uni/currencies/",
        ]);

    /// <summary>Public operations under <c>/api/v4/delivery/{settle}</c>.</summary>
    private static readonly PathTable DeliveryPublic = new(
        ["/contracts", "/order_book", "/trades", "/candlesticks", "/tickers", "/insurance", "/risk_limit_tiers"],
        ["/contracts/"]);

    /// <summary>Public operations under <c>/api/v4/futures/{settle}</c>.</summary>
    private static readonly PathTable FuturesPublic = new(
        [
            "/contracts", "/order_book", "/trades", "/candlesticks", "/premium_index", "/tickers", "/funding_rate",
            "/insurance", "/contract_stats", "/liq_orders", "/risk_limit_tiers",
        ],
        ["/contracts/", "/index_constituents/"]);

    public static EndpointAccess Classify(ReadOnlySpan<byte> path)
    {
        if (Public.Matches(path)
            || MatchesAfterSettle(path, "/api/v4/futures/"u8, FuturesPublic)
            || MatchesAfterSettle(path, "/api/v4/delivery/"u8, DeliveryPublic))
        {
            return EndpointAccess.Public;
        }

        return EndpointAccess.Signed;
    }

    private static bool MatchesAfterSettle(ReadOnlySpan<byte> path, ReadOnlySpan<byte> family, PathTable operations)
    {
        if (!path.StartsWith(family))
        {
            return false;
        }

        var rest = path[family.Length..];
        var slash = rest.IndexOf((byte)'/');
        return slash > 0 && operations.Matches(rest[slash..]);
    }
}
