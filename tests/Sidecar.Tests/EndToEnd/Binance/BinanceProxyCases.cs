using Sidecar.FakeExchange.Common;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Binance;

/// <summary>
/// Binance's row in the proxy conformance suite (<see cref="ProxyConformanceTests"/>): binance-hmac, which signs in the
/// query (or form body) after the bot's parameters, and USD-M futures on their own host (venue <c>binance-usdm</c>).
/// </summary>
internal static class BinanceProxyCases
{
    public static ProxyVenue Row { get; } = new()
    {
        Exchange = "Binance", Route = "binance", Host = "api.binance.com",
        PolicyTests = typeof(Policy.BinanceProxyPolicyTests),
        MoreVenues = [("binance-usdm", "fapi.binance.com")],
        CreateAccountAsync = ProxyAccount.Start(token => BinanceAccount.CreateAsync(token), a => [.. a.Exchange.Requests.Select(Seen)], (a, host) => SidecarUnderTest.Venue("binance-hmac", a.Exchange.BaseAddress, a.ApiKey, a.KeyLabel, host), a => [a.Secret, a.ApiKey]),
        SignedRead = ProxyRequest.Get("/api/v3/account?omitZeroBalances=true"), ReadPath = "/api/v3/account", ReadQuery = "omitZeroBalances=true", AppendedToQuery = "timestamp=",
        MoreRouteForms = [new("/https://api.binance.com/api/v3/account", "/api/v3/account", ""), new("/https://fapi.binance.com/fapi/v2/account", "/fapi/v2/account", ""), new("/binance-usdm/fapi/v2/balance", "/fapi/v2/balance", "")],
        PublicRead = new("/binance/api/v3/exchangeInfo?symbol=BTCUSDT", "/api/v3/exchangeInfo", "symbol=BTCUSDT", [("X-MBX-APIKEY", "placeholder-key")], ["x-mbx-"]),
        UnsignableBodies = [ProxyRequest.Post("/binance/api/v3/order", "{\"symbol\":\"BTCUSDT\"}")],
        RefusedByDefaultProfile = [],
        Order = ProxyRequest.Form("/binance/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1"),
        Guards = null,
        NeverLogged = ["signature="],
        // Binance's case for ProxyBotCredentialsTests: its timestamp and signature are in the query.
        BotCredentials =
        [
            new(
                "a placeholder key and a signature in the query replaced, timestamp kept",
                () => new(ProxyRequest.Get($"/binance/api/v3/openOrders?symbol=BTCUSDT&timestamp={ProxyBotClock.UnixMilliseconds()}&signature=0000000000000000000000000000000000000000000000000000000000000000"), [("X-MBX-APIKEY", "placeholder-key")]),
                [ProxyHeaderSeen.Account<BinanceAccount>("x-mbx-apikey", a => a.ApiKey)])
            {
                Then = (seen, sent, _) =>
                {
                    var query = sent.Request.Target[(sent.Request.Target.IndexOf('?', StringComparison.Ordinal) + 1)..];
                    Assert.StartsWith(query[..(query.IndexOf("&signature=", StringComparison.Ordinal) + "&signature=".Length)], seen.RawQuery, StringComparison.Ordinal);
                    Assert.DoesNotContain("0000000000000000", seen.RawQuery, StringComparison.Ordinal);
                },
            },
        ],
    };

    /// <summary>The fake Binance's record in the shape the other fakes share; the API key is its one header recorded.</summary>
    private static ExchangeRequest Seen(Sidecar.FakeExchange.RecordedRequest request) => new(
        request.Method,
        request.Path,
        request.RawQuery,
        request.Body,
        request.ApiKeyHeader is { } key ? new Dictionary<string, string> { ["x-mbx-apikey"] = key } : new Dictionary<string, string>(),
        request.Signature,
        request.Status,
        request.BinanceCode?.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
