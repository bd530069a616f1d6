// Here, by the venue's other tests, as every venue's account is; tests all over the project start a fake Binance, so
// the name reaches them all from here rather than through a using in each.
global using BinanceAccount = Sidecar.Tests.EndToEnd.Binance.BinanceAccount;

using System.Text;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Binance.WebSocket;
using Sidecar.Pkcs11;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Binance;

/// <summary>A fake Binance with a generated key pair, and that secret imported into the test token.</summary>
public sealed class BinanceAccount : VenueAccount<FakeBinance>
{
    private BinanceAccount(FakeBinance exchange, string apiKey, string secret, string keyLabel)
        : base(exchange, apiKey, secret, keyLabel)
    {
    }

    /// <summary>An account with an Ed25519 key pair generated inside the token; the fake holds only the public key.</summary>
    public static async Task<BinanceAccount> CreateEd25519Async(SoftHsmToken token)
    {
        var apiKey = TestSecrets.ApiKey();
        var label = TestSecrets.Label("binance-ed");
        var publicKey = PublicKeys.Ed25519FromPem(token.GenerateKeyPair(label, KeyType.Ed25519));
        var exchange = await FakeBinance.StartAsync(new FakeBinanceOptions { ApiKey = apiKey, Secret = [], Ed25519PublicKey = publicKey });
        return new BinanceAccount(exchange, apiKey, secret: "", label);
    }

    /// <summary>An account with an HMAC key; <paramref name="token"/> null leaves the HSM alone (direct-mode validation).</summary>
    /// <param name="time">The exchange's clock (a test's fake clock, shared with Sidecar); the system's when null.</param>
    /// <param name="spotWeightPerMinute">The fake's spot IP weight limit (Binance's 6,000 when null).</param>
    public static async Task<BinanceAccount> CreateAsync(
        SoftHsmToken? token,
        TimeSpan clockOffset = default,
        FakeBinanceWebSocketOptions? webSocket = null,
        TimeProvider? time = null,
        TimeSpan responseDelay = default,
        int? spotWeightPerMinute = null)
    {
        var apiKey = TestSecrets.ApiKey();
        var secret = TestSecrets.BinanceStyle();
        var label = ImportHmac(token, "binance", Encoding.UTF8.GetBytes(secret));
        var exchange = await FakeBinance.StartAsync(new FakeBinanceOptions
        {
            ApiKey = apiKey,
            Secret = Encoding.UTF8.GetBytes(secret),
            ClockOffset = clockOffset,
            Time = time ?? TimeProvider.System,
            WebSocket = webSocket ?? new FakeBinanceWebSocketOptions(),
            ResponseDelay = responseDelay,
            SpotWeightPerMinute = spotWeightPerMinute ?? 6000,
        });
        return new BinanceAccount(exchange, apiKey, secret, label);
    }

    /// <summary>
    /// An account with an Ed25519 key pair generated here, not in a token: <see cref="Secret"/> is its private key
    /// as a PKCS#8 PEM, for clients that sign themselves (ccxt picks EdDSA for such a secret).
    /// </summary>
    public static async Task<BinanceAccount> CreateEd25519WithPrivateKeyAsync(FakeBinanceWebSocketOptions? webSocket = null)
    {
        var apiKey = TestSecrets.ApiKey();
        var key = Ed25519TestKey.Generate();
        var exchange = await FakeBinance.StartAsync(new FakeBinanceOptions
        {
            ApiKey = apiKey,
            Secret = [],
            Ed25519PublicKey = key.PublicKey,
            WebSocket = webSocket ?? new FakeBinanceWebSocketOptions(),
        });
        return new BinanceAccount(exchange, apiKey, key.Pem, keyLabel: string.Empty);
    }
}
