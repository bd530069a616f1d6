using System.Security.Cryptography;
using System.Text;
using Sidecar.FakeExchange.Kucoin;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kucoin;

/// <summary>
/// A fake KuCoin with a generated API key, secret and passphrase, and the secret and passphrase imported into the test
/// token.
/// </summary>
public sealed class KucoinAccount : VenueAccountWithPassphrase<FakeKucoin>
{
    private KucoinAccount(FakeKucoin exchange, string apiKey, string secret, string passphrase, string keyLabel, string passphraseLabel)
        : base(exchange, apiKey, secret, keyLabel, passphrase, passphraseLabel)
    {
    }

    /// <summary>Starts the fake only; <paramref name="token"/> null leaves the HSM alone (direct-mode validation).</summary>
    public static async Task<KucoinAccount> CreateAsync(SoftHsmToken? token)
    {
        var apiKey = TestSecrets.ApiKey();
        var secret = Guid.NewGuid().ToString(); // KuCoin API secrets are UUIDs
        var passphrase = "Pp-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789!@#$%", 20);
        var keyLabel = ImportHmac(token, "kucoin", Encoding.UTF8.GetBytes(secret));
        var passphraseLabel = ImportPassphrase(token, "kucoin-pass", passphrase);
        var exchange = await FakeKucoin.StartAsync(new FakeKucoinOptions { ApiKey = apiKey, Secret = Encoding.UTF8.GetBytes(secret), Passphrase = passphrase });
        return new KucoinAccount(exchange, apiKey, secret, passphrase, keyLabel, passphraseLabel);
    }
}
