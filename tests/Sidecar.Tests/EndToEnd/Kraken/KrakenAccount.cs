using System.Security.Cryptography;
using Sidecar.FakeExchange.Kraken;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kraken;

/// <summary>
/// A fake Kraken with a generated key pair, and that secret imported into the test token. Kraken hands out the
/// secret in base64; the token holds the decoded bytes (what <c>sidecar keys import --encoding base64</c> stores).
/// </summary>
public sealed class KrakenAccount : IAsyncDisposable
{
    private KrakenAccount(FakeKraken exchange, string apiKey, string secretBase64, string keyLabel)
    {
        Exchange = exchange;
        ApiKey = apiKey;
        SecretBase64 = secretBase64;
        KeyLabel = keyLabel;
    }

    public FakeKraken Exchange { get; }

    public string ApiKey { get; }

    public string SecretBase64 { get; }

    public string KeyLabel { get; }

    public static async Task<KrakenAccount> CreateAsync(SoftHsmToken token)
    {
        var apiKey = TestSecrets.ApiKey();
        var secret = RandomNumberGenerator.GetBytes(64);
        var label = TestSecrets.Label("kraken");
        token.ImportHmac(label, secret);
        var exchange = await FakeKraken.StartAsync(new FakeKrakenOptions { ApiKey = apiKey, Secret = secret });
        return new KrakenAccount(exchange, apiKey, Convert.ToBase64String(secret), label);
    }

    public ValueTask DisposeAsync() => Exchange.DisposeAsync();
}
