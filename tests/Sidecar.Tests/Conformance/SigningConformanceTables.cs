using Sidecar.Tests.Signing.Binance;
using Sidecar.Tests.Signing.Bitfinex;
using Sidecar.Tests.Signing.Bitmex;
using Sidecar.Tests.Signing.Bybit;
using Sidecar.Tests.Signing.CoinbaseAdvanced;
using Sidecar.Tests.Signing.CoinbaseExchange;
using Sidecar.Tests.Signing.Deribit;
using Sidecar.Tests.Signing.Gate;
using Sidecar.Tests.Signing.Kraken;
using Sidecar.Tests.Signing.Kucoin;
using Sidecar.Tests.Signing.Okx;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// Every venue's conformance rows, one entry per signing scheme. A scheme registered in
/// <see cref="Sidecar.Signing.Exchanges"/> but missing here (or without rows of a kind) fails
/// <c>SchemeProperties.Every_scheme_is_covered</c>.
/// </summary>
internal static class SigningConformanceTables
{
    public static IReadOnlyList<SchemeConformance> All { get; } =
    [
        BinanceConformance.Hmac,
        BinanceConformance.Ed25519,
        BitfinexConformance.V2,
        BitmexConformance.Bitmex,
        BybitConformance.V5,
        CoinbaseAdvancedConformance.Advanced,
        CoinbaseExchangeConformance.Exchange,
        DeribitConformance.Deribit,
        GateConformance.V4,
        KrakenConformance.Kraken,
        KucoinConformance.Kucoin,
        OkxConformance.V5,
    ];

    public static SchemeConformance Of(string scheme)
    {
        foreach (var venue in All)
        {
            if (venue.Scheme == scheme)
            {
                return venue;
            }
        }

        throw new KeyNotFoundException($"No conformance rows for scheme '{scheme}'.");
    }
}
