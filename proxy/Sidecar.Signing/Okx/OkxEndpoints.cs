namespace Sidecar.Signing.Okx;

/// <summary>
/// OKX V5 endpoints documented as public ("Authentication is not required": market data, public data, trading
/// statistics, status, spread public data and the public grid/finance/copy-trading queries). Everything else is
/// signed, including endpoints whose authentication the docs call optional: the safe default is a signature the
/// exchange ignores, never a private call forwarded unsigned. OKX has no API-key-only endpoints.
/// </summary>
internal static class OkxEndpoints
{
    public static readonly PathTable Public = new(
        [
            "/api/v5/system/status",
            "/api/v5/sprd/spreads", "/api/v5/sprd/books", "/api/v5/sprd/public-trades", "/api/v5/sprd/ticker",
            "/api/v5/tradingBot/grid/ai-param", "/api/v5/tradingBot/grid/min-investment",
            "/api/v5/tradingBot/grid/grid-quantity",
            "/api/v5/asset/exchange-list",
            "/api/v5/finance/staking-defi/eth/apy-history", "/api/v5/finance/staking-defi/sol/apy-history",
            "/api/v5/finance/savings/lending-rate-summary", "/api/v5/finance/savings/lending-rate-history",
            "/api/v5/finance/fixed-loan/lending-offers", "/api/v5/finance/fixed-loan/lending-apy-history",
            "/api/v5/finance/fixed-loan/pending-lending-volume", "/api/v5/finance/sfp/dcd/products",
            "/api/v5/support/announcement-types", "/api/v5/support/announcements-types",
        ],
        [
            "/api/v5/market/",
            "/api/v5/public/",
            "/api/v5/rubik/stat/",
            "/api/v5/tradingBot/public/",
            "/api/v5/copytrading/public-",
        ]);

    public static EndpointAccess Classify(ReadOnlySpan<byte> path) =>
        Public.Matches(path) ? EndpointAccess.Public : EndpointAccess.Signed;
}
