using System.Security.Cryptography;
using System.Text;
using Sidecar.FakeExchange.Kucoin;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kucoin;

/// <summary>
/// A fake KuCoin with a generated API key, secret and passphrase, and the secret and passphrase imported into the test
/// token.
/// </summary>
public sealed class KucoinAccount : IAsyncDisposable
{
    private KucoinAccount(FakeKucoin exchange, string apiKey, string secret, string passphrase, string keyLabel, string passphraseLabel)
    {
        Exchange = exchange;
        ApiKey = apiKey;
        Secret = secret;
        Passphrase = passphrase;
        KeyLabel = keyLabel;
        PassphraseLabel = passphraseLabel;
    }

    public FakeKucoin Exchange { get; }

    public string ApiKey { get; }

    public string Secret { get; }

    public string Passphrase { get; }

    public string KeyLabel { get; }

    public string PassphraseLabel { get; }

    /// <summary>Starts the fake only; <paramref name="token"/> null leaves the HSM alone (direct-mode validation).</summary>
    public static async Task<KucoinAccount> CreateAsync(SoftHsmToken? token)
    {
        var apiKey = TestSecrets.ApiKey();
        var secret = Guid.NewGuid().ToString(); // KuCoin API secrets are UUIDs
        var passphrase = "Pp-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789!@#$%", 20);
        var keyLabel = TestSecrets.Label("kucoin");
        var passphraseLabel = TestSecrets.Label("kucoin-pass");
        token?.ImportHmac(keyLabel, Encoding.UTF8.GetBytes(secret));
        token?.ImportPassphrase(passphraseLabel, passphrase);
        var exchange = await FakeKucoin.StartAsync(new FakeKucoinOptions { ApiKey = apiKey, Secret = Encoding.UTF8.GetBytes(secret), Passphrase = passphrase });
        return new KucoinAccount(exchange, apiKey, secret, passphrase, keyLabel, passphraseLabel);
    }

    public ValueTask DisposeAsync() => Exchange.DisposeAsync();
}
