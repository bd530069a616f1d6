using Sidecar.FakeExchange.Market;
using Sidecar.FakeExchange.Orders;

namespace Sidecar.FakeExchange.Accounts;

/// <summary>One asset's spot balance.</summary>
internal readonly record struct AssetBalance(string Asset, decimal Free, decimal Locked);

/// <summary>
/// The spot account's balances: fixed totals, part of which open orders lock (a BUY locks price × quantity of the
/// quote asset, a SELL its quantity of the base asset). Fills do not move balances: there is no matching engine.
/// </summary>
internal static class SpotWallet
{
    private static readonly (string Asset, decimal Total)[] Totals =
    [
        ("BTC", 1m),
        ("ETH", 10m),
        ("LTC", 100m),
        ("USDT", 10_000m),
        ("BNB", 0m),
    ];

    public static IReadOnlyList<AssetBalance> Balances(IReadOnlyList<StoredOrder> openSpotOrders) =>
        Totals.Select(t =>
        {
            var locked = Locked(t.Asset, openSpotOrders);
            return new AssetBalance(t.Asset, t.Total - locked, locked);
        }).ToList();

    public static decimal Free(string asset, IReadOnlyList<StoredOrder> openSpotOrders) =>
        Totals.Where(t => t.Asset == asset).Sum(t => t.Total) - Locked(asset, openSpotOrders);

    private static decimal Locked(string asset, IReadOnlyList<StoredOrder> openSpotOrders) =>
        openSpotOrders.Sum(order =>
        {
            var symbol = MarketCatalog.Spot[order.Symbol];
            var remaining = order.OrigQty - order.ExecutedQty;
            return order.Side == "BUY"
                ? symbol.QuoteAsset == asset ? remaining * order.Price : 0m
                : symbol.BaseAsset == asset ? remaining : 0m;
        });
}
