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

    /// <summary>Every scheme with rows, as theory data.</summary>
    public static TheoryData<string> SchemeNames()
    {
        var names = new TheoryData<string>();
        foreach (var venue in All)
        {
            names.Add(venue.Scheme);
        }

        return names;
    }

    /// <summary>Every scheme's rows of one kind (those <paramref name="which"/> keeps), as theory data: scheme, row index, the row as text.</summary>
    public static TheoryData<string, int, string> RowsOf<T>(Func<SchemeConformance, IReadOnlyList<T>> rows, Func<T, bool>? which = null)
        where T : notnull
    {
        var data = new TheoryData<string, int, string>();
        foreach (var venue in All)
        {
            var list = rows(venue);
            for (var i = 0; i < list.Count; i++)
            {
                if (which?.Invoke(list[i]) ?? true)
                {
                    data.Add(venue.Scheme, i, list[i].ToString()!);
                }
            }
        }

        return data;
    }

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
