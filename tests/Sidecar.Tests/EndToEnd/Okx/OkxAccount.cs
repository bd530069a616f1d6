using System.Security.Cryptography;
using System.Text;
using Sidecar.FakeExchange.Okx;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Okx;

/// <summary>
/// A fake OKX with a generated API key, secret and passphrase, and the secret and passphrase imported into the test
/// token.
/// </summary>
public sealed class OkxAccount : IAsyncDisposable
{
    private OkxAccount(FakeOkx exchange, string apiKey, string secret, string passphrase, string keyLabel, string passphraseLabel)
    {
        Exchange = exchange;
        ApiKey = apiKey;
        Secret = secret;
        Passphrase = passphrase;
        KeyLabel = keyLabel;
        PassphraseLabel = passphraseLabel;
    }

    public FakeOkx Exchange { get; }

    public string ApiKey { get; }

    public string Secret { get; }

    public string Passphrase { get; }

    public string KeyLabel { get; }

    public string PassphraseLabel { get; }

    /// <summary>Starts the fake only; <paramref name="token"/> null leaves the HSM alone (direct-mode validation).</summary>
    public static async Task<OkxAccount> CreateAsync(SoftHsmToken? token, TimeSpan clockOffset = default)
    {
        var apiKey = TestSecrets.ApiKey();
        var secret = RandomNumberGenerator.GetHexString(32); // OKX secret keys are 32 upper-case hex characters
        var passphrase = "Pp-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789!@#$%", 20);
        var keyLabel = TestSecrets.Label("okx");
        var passphraseLabel = TestSecrets.Label("okx-pass");
        token?.ImportHmac(keyLabel, Encoding.UTF8.GetBytes(secret));
        token?.ImportPassphrase(passphraseLabel, passphrase);
        var exchange = await FakeOkx.StartAsync(new FakeOkxOptions { ApiKey = apiKey, Secret = Encoding.UTF8.GetBytes(secret), Passphrase = passphrase, ClockOffset = clockOffset });
        return new OkxAccount(exchange, apiKey, secret, passphrase, keyLabel, passphraseLabel);
    }

    public ValueTask DisposeAsync() => Exchange.DisposeAsync();
}
