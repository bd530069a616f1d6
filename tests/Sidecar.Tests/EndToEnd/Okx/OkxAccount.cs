using System.Security.Cryptography;
using System.Text;
using Sidecar.FakeExchange.Okx;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Okx;

/// <summary>
/// A fake OKX with a generated API key, secret and passphrase, and the secret and passphrase imported into the test
/// token.
/// </summary>
public sealed class OkxAccount : VenueAccountWithPassphrase<FakeOkx>
{
    private OkxAccount(FakeOkx exchange, string apiKey, string secret, string passphrase, string keyLabel, string passphraseLabel)
        : base(exchange, apiKey, secret, keyLabel, passphrase, passphraseLabel)
    {
    }

    /// <summary>Starts the fake only; <paramref name="token"/> null leaves the HSM alone (direct-mode validation).</summary>
    public static async Task<OkxAccount> CreateAsync(SoftHsmToken? token, TimeSpan clockOffset = default)
    {
        var apiKey = TestSecrets.ApiKey();
        var secret = RandomNumberGenerator.GetHexString(32); // OKX secret keys are 32 upper-case hex characters
        var passphrase = "Pp-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789!@#$%", 20);
        var keyLabel = ImportHmac(token, "okx", Encoding.UTF8.GetBytes(secret));
        var passphraseLabel = ImportPassphrase(token, "okx-pass", passphrase);
        var exchange = await FakeOkx.StartAsync(new FakeOkxOptions { ApiKey = apiKey, Secret = Encoding.UTF8.GetBytes(secret), Passphrase = passphrase, ClockOffset = clockOffset });
        return new OkxAccount(exchange, apiKey, secret, passphrase, keyLabel, passphraseLabel);
    }
}
