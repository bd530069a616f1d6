using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Deribit;

/// <summary>Deribit's row in the proxy conformance suite (<see cref="ProxyConformanceTests"/>): deri-hmac-sha256, JSON-RPC bodies.</summary>
internal static class DeribitProxyCases
{
    public const string Order = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"private/buy\",\"params\":{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":10,\"type\":\"limit\",\"price\":50000}}";

    public static ProxyVenue Row { get; } = new()
    {
        Exchange = "Deribit",
        Route = "deribit",
        Host = DeribitAccount.Host,
        CreateAccountAsync = async token =>
        {
            var account = await DeribitAccount.CreateAsync(token);
            return new ProxyAccount(
                account,
                () => account.Exchange.Requests,
                host => SidecarUnderTest.Venue("deribit", account.Exchange.BaseAddress, account.ClientId, account.KeyLabel, host),
                [account.ClientSecret, account.ClientId]);
        },
        SignedRead = ProxyRequest.Get("/api/v2/private/get_account_summary?currency=BTC"),
        ReadPath = "/api/v2/private/get_account_summary",
        ReadQuery = "currency=BTC",
        PublicRead = new(
            "/deribit/api/v2/public/get_instruments?currency=BTC", "/api/v2/public/get_instruments", "currency=BTC",
            [("Authorization", "deri-hmac-sha256 id=placeholder,ts=1,sig=00,nonce=x")],
            ["authorization"]),
        UnsignableBodies = [ProxyRequest.Form("/deribit/api/v2/private/buy", "instrument_name=BTC-PERPETUAL&amount=10")],
        Order = ProxyRequest.Post("/deribit/api/v2/private/buy", Order),
    };
}
