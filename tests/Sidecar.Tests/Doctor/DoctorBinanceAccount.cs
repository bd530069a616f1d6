using System.Text;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Doctor;

/// <summary>
/// A fake Binance whose API key reports the given permissions, its HMAC secret imported into the test token: the
/// venue the doctor tests check, in process, from the command line or in the background.
/// </summary>
internal sealed record DoctorBinanceAccount(FakeBinance Exchange, string ApiKey, string KeyLabel) : IAsyncDisposable
{
    public static async Task<DoctorBinanceAccount> StartAsync(SoftHsmToken token, string labelPrefix, FakeKeyPermissions? permissions = null)
    {
        var apiKey = TestSecrets.ApiKey();
        var secret = TestSecrets.BinanceStyle();
        var label = TestSecrets.Label(labelPrefix);
        token.ImportHmac(label, Encoding.UTF8.GetBytes(secret));
        var exchange = await FakeBinance.StartAsync(new FakeBinanceOptions
        {
            ApiKey = apiKey,
            Secret = Encoding.UTF8.GetBytes(secret),
            KeyPermissions = permissions ?? new FakeKeyPermissions(),
        });
        return new DoctorBinanceAccount(exchange, apiKey, label);
    }

    /// <summary>A Sidecar configuration with this account as its one venue, <c>binance</c>.</summary>
    public JsonObject Config(SoftHsmToken token) =>
        SidecarUnderTest.Config(token, new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", Exchange.BaseAddress, ApiKey, KeyLabel) });

    public ValueTask DisposeAsync() => Exchange.DisposeAsync();
}
