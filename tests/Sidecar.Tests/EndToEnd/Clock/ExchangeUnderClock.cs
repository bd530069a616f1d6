using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.EndToEnd.Bybit;
using Sidecar.Tests.EndToEnd.Okx;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Clock;

/// <summary>
/// One fake exchange whose clock runs off by a given amount, the venue that points at it, and one signed account
/// query the bot sends unsigned, with what the fake made of it. Binance and Bybit refuse a timestamp more than 1 s
/// ahead of their clock; OKX accepts ±30 s (each fake enforces its exchange's documented window).
/// </summary>
internal sealed class ExchangeUnderClock : IAsyncDisposable
{
    private readonly IAsyncDisposable _account;
    private readonly Func<(int Status, SignatureCheck Signature, string? Error)> _lastSeen;

    private ExchangeUnderClock(IAsyncDisposable account, JsonObject venue, string signedQuery, Func<(int, SignatureCheck, string?)> lastSeen)
    {
        _account = account;
        Venue = venue;
        SignedQuery = signedQuery;
        _lastSeen = lastSeen;
    }

    public JsonObject Venue { get; }

    /// <summary>A signed account query, relative to the venue prefix (e.g. <c>api/v3/account</c>).</summary>
    public string SignedQuery { get; }

    /// <summary>The fake's status, signature check and error code for the last request it received.</summary>
    public (int Status, SignatureCheck Signature, string? Error) LastSeen => _lastSeen();

    public static async Task<ExchangeUnderClock> StartAsync(string exchange, SoftHsmToken token, TimeSpan clockOffset)
    {
        switch (exchange)
        {
            case "binance":
                var binance = await BinanceAccount.CreateAsync(token, clockOffset);
                return new ExchangeUnderClock(binance,
                    SidecarUnderTest.Venue("binance-hmac", binance.Exchange.BaseAddress, binance.ApiKey, binance.KeyLabel, $"api-{Guid.NewGuid():N}.binance.test"),
                    "api/v3/account",
                    () =>
                    {
                        var seen = binance.Exchange.Requests[^1];
                        return (seen.Status, seen.Signature, seen.BinanceCode?.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    });
            case "bybit":
                var bybit = await BybitAccount.CreateAsync(token, clockOffset);
                return new ExchangeUnderClock(bybit,
                    SidecarUnderTest.Venue("bybit-v5", bybit.Exchange.BaseAddress, bybit.ApiKey, bybit.KeyLabel, $"api-{Guid.NewGuid():N}.bybit.test"),
                    "v5/account/wallet-balance?accountType=UNIFIED",
                    () =>
                    {
                        var seen = bybit.Exchange.Requests[^1];
                        return (seen.Status, seen.Signature, seen.ErrorCode);
                    });
            case "okx":
                var okx = await OkxAccount.CreateAsync(token, clockOffset);
                return new ExchangeUnderClock(okx,
                    SidecarUnderTest.VenueWithPassphrase("okx-v5", okx.Exchange.BaseAddress, okx.ApiKey, okx.KeyLabel, okx.PassphraseLabel, $"www-{Guid.NewGuid():N}.okx.test"),
                    "api/v5/account/balance",
                    () =>
                    {
                        var seen = okx.Exchange.Requests[^1];
                        return (seen.Status, seen.Signature, seen.ErrorCode);
                    });
            default:
                throw new ArgumentOutOfRangeException(nameof(exchange), exchange, null);
        }
    }

    public ValueTask DisposeAsync() => _account.DisposeAsync();
}
