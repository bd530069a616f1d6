using Sidecar.Tests.EndToEnd.Binance;
using Sidecar.Tests.EndToEnd.Bitfinex;
using Sidecar.Tests.EndToEnd.Bitmex;
using Sidecar.Tests.EndToEnd.Bybit;
using Sidecar.Tests.EndToEnd.CoinbaseAdvanced;
using Sidecar.Tests.EndToEnd.CoinbaseExchange;
using Sidecar.Tests.EndToEnd.Deribit;
using Sidecar.Tests.EndToEnd.Gate;
using Sidecar.Tests.EndToEnd.Kraken;
using Sidecar.Tests.EndToEnd.Kucoin;
using Sidecar.Tests.EndToEnd.Okx;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// Every venue's row for <see cref="ProxyConformanceTests"/>, one a registered exchange (a test holds the two lists
/// equal, so a new exchange without a row fails).
/// </summary>
internal static class ProxyConformanceTable
{
    public static IReadOnlyList<ProxyVenue> All { get; } =
    [
        BinanceProxyCases.Row,
        BitfinexProxyCases.Row,
        BitmexProxyCases.Row,
        BybitProxyCases.Row,
        CoinbaseAdvancedProxyCases.Row,
        CoinbaseExchangeProxyCases.Row,
        DeribitProxyCases.Row,
        GateProxyCases.Row,
        KrakenProxyCases.Row,
        KucoinProxyCases.Row,
        OkxProxyCases.Row,
    ];

    public static ProxyVenue Find(string exchange) => All.Single(venue => venue.Exchange == exchange);
}
