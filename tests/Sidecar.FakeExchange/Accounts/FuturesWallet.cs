using Sidecar.FakeExchange.Orders;

namespace Sidecar.FakeExchange.Accounts;

/// <summary>
/// The USDⓈ-M account: a fixed USDT wallet balance in single-asset mode, one-way position mode, leverage 20 on every
/// symbol. Open orders reserve notional / leverage as open-order initial margin. Positions are not tracked.
/// </summary>
internal static class FuturesWallet
{
    public const string MarginAsset = "USDT";
    public const decimal WalletBalance = 10_000m;
    public const int Leverage = 20;

    public static decimal OpenOrderInitialMargin(IReadOnlyList<StoredOrder> openFuturesOrders) =>
        openFuturesOrders.Sum(o => (o.OrigQty - o.ExecutedQty) * o.Price / Leverage);

    public static decimal Available(IReadOnlyList<StoredOrder> openFuturesOrders) =>
        WalletBalance - OpenOrderInitialMargin(openFuturesOrders);
}
