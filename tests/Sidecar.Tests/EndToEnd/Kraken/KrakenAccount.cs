using System.Security.Cryptography;
using Sidecar.FakeExchange.Kraken;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kraken;

/// <summary>
/// A fake Kraken with a generated key pair, and that secret imported into the test token. Kraken hands out the
/// secret in base64; the token holds the decoded bytes (what <c>sidecar keys import --encoding base64</c> stores).
/// </summary>
public sealed class KrakenAccount : VenueAccount<FakeKraken>
{
    private KrakenAccount(FakeKraken exchange, string apiKey, string secretBase64, string keyLabel)
        : base(exchange, apiKey, secretBase64, keyLabel)
    {
    }

    /// <summary>The API secret as Kraken hands it out: base64.</summary>
    public string SecretBase64 => Secret;

    /// <summary>Starts the fake only; <paramref name="token"/> null leaves the HSM alone (direct-mode validation).</summary>
    public static async Task<KrakenAccount> CreateAsync(SoftHsmToken? token)
    {
        var apiKey = TestSecrets.ApiKey();
        var secret = RandomNumberGenerator.GetBytes(64);
        var label = ImportHmac(token, "kraken", secret);
        var exchange = await FakeKraken.StartAsync(new FakeKrakenOptions { ApiKey = apiKey, Secret = secret });
        return new KrakenAccount(exchange, apiKey, Convert.ToBase64String(secret), label);
    }
}
