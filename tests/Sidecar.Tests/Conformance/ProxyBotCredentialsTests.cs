using System.Net;
using Sidecar.FakeExchange;
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
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// Bots send credentials of their own (ccxt fills in placeholders, some bots sign themselves): the real proxy, in
/// front of each venue's fake exchange, replaces what the account owns (key, signature, passphrase), keeps what the
/// bot may choose and spelled well (a fresh timestamp, nonce, expiry, receive window) and replaces what it spelled
/// badly, and the exchange verifies the signature with its own code. Each venue's cases are data in its folder.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class ProxyBotCredentialsTests(SoftHsmToken token)
{
    private static readonly IReadOnlyList<(ProxyVenue Venue, IReadOnlyList<ProxyBotCredentials> Cases)> Table =
    [
        (BinanceProxyCases.Row, BinanceProxyCases.BotCredentials),
        (BitfinexProxyCases.Row, BitfinexProxyCases.BotCredentials),
        (BitmexProxyCases.Row, BitmexProxyCases.BotCredentials),
        (BybitProxyCases.Row, BybitProxyCases.BotCredentials),
        (CoinbaseAdvancedProxyCases.Row, CoinbaseAdvancedProxyCases.BotCredentials),
        (CoinbaseExchangeProxyCases.Row, CoinbaseExchangeProxyCases.BotCredentials),
        (DeribitProxyCases.Row, DeribitProxyCases.BotCredentials),
        (GateProxyCases.Row, GateProxyCases.BotCredentials),
        (KrakenProxyCases.Row, KrakenProxyCases.BotCredentials),
        (KucoinProxyCases.Row, KucoinProxyCases.BotCredentials),
        (OkxProxyCases.Row, OkxProxyCases.BotCredentials),
    ];

    public static TheoryData<string, string> Cases
    {
        get
        {
            var rows = new TheoryData<string, string>();
            foreach (var (venue, cases) in Table)
            {
                foreach (var row in cases)
                {
                    rows.Add(venue.Exchange, row.Case);
                }
            }

            return rows;
        }
    }

    [Fact]
    public void Every_venue_has_bot_credential_cases_and_their_names_are_unique()
    {
        Assert.Equal(
            ProxyConformanceTable.All.Select(venue => venue.Exchange).Order(StringComparer.Ordinal),
            Table.Select(row => row.Venue.Exchange).Order(StringComparer.Ordinal));
        Assert.All(Table, row =>
        {
            Assert.NotEmpty(row.Cases);
            Assert.Equal(row.Cases.Count, row.Cases.Select(c => c.Case).Distinct(StringComparer.Ordinal).Count());
        });
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bot_sent_credentials_reach_the_exchange_as_the_account_signs_them(string exchange, string @case)
    {
        var (venue, cases) = Table.Single(row => row.Venue.Exchange == exchange);
        var row = cases.Single(c => c.Case == @case);
        await using var run = await ProxyRun.StartAsync(token, venue);
        var sent = row.Send();

        using var request = sent.ToMessage();
        using var response = await run.Sidecar.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(run.Account.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        foreach (var header in row.Seen)
        {
            header.AssertOn(seen, sent, run.Account.Inner);
        }

        row.Then?.Invoke(seen, sent, run.Account.Inner);
    }
}
