using System.Security.Cryptography;
using Sidecar.FakeExchange.CoinbaseExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.CoinbaseExchange;

/// <summary>
/// A fake Coinbase Exchange with generated credentials: the base64 secret's decoded bytes imported into the test
/// token as the HMAC key, and the passphrase as a passphrase object.
/// </summary>
public sealed class CoinbaseExchangeAccount : VenueAccountWithPassphrase<FakeCoinbaseExchange>
{
    private CoinbaseExchangeAccount(FakeCoinbaseExchange exchange, string apiKey, string secret, string passphrase, string keyLabel, string passphraseLabel)
        : base(exchange, apiKey, secret, keyLabel, passphrase, passphraseLabel)
    {
    }

    public const string Host = "api.exchange.coinbase.com";

    public static async Task<CoinbaseExchangeAccount> CreateAsync(SoftHsmToken token)
    {
        var apiKey = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var passphrase = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12);
        var keyLabel = ImportHmac(token, "coinbase-exchange", Convert.FromBase64String(secret));
        var passphraseLabel = ImportPassphrase(token, "coinbase-exchange-passphrase", passphrase);
        var exchange = await FakeCoinbaseExchange.StartAsync(new FakeCoinbaseExchangeOptions
        {
            ApiKey = apiKey,
            Secret = Convert.FromBase64String(secret),
            Passphrase = passphrase,
        });
        return new CoinbaseExchangeAccount(exchange, apiKey, secret, passphrase, keyLabel, passphraseLabel);
    }

    public System.Text.Json.Nodes.JsonObject Venue() =>
        SidecarUnderTest.VenueWithPassphrase("coinbase-exchange", Exchange.BaseAddress, ApiKey, KeyLabel, PassphraseLabel, Host);
}
