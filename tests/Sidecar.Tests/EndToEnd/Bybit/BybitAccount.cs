using System.Text;
using Sidecar.FakeExchange.Bybit;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bybit;

/// <summary>A fake Bybit with a generated API key and secret, and that secret imported into the test token.</summary>
public sealed class BybitAccount : VenueAccount<FakeBybit>
{
    private BybitAccount(FakeBybit exchange, string apiKey, string secret, string keyLabel)
        : base(exchange, apiKey, secret, keyLabel)
    {
    }

    /// <summary>Starts the fake only; <paramref name="token"/> null leaves the HSM alone (direct-mode validation).</summary>
    public static async Task<BybitAccount> CreateAsync(SoftHsmToken? token, TimeSpan clockOffset = default)
    {
        var apiKey = TestSecrets.ApiKey();
        var secret = TestSecrets.BinanceStyle();
        var label = ImportHmac(token, "bybit", Encoding.UTF8.GetBytes(secret));
        var exchange = await FakeBybit.StartAsync(new FakeBybitOptions { ApiKey = apiKey, Secret = Encoding.UTF8.GetBytes(secret), ClockOffset = clockOffset });
        return new BybitAccount(exchange, apiKey, secret, label);
    }
}
