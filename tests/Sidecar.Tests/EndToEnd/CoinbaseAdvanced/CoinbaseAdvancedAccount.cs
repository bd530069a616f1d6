using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange.CoinbaseAdvanced;
using Sidecar.Pkcs11;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.CoinbaseAdvanced;

/// <summary>A fake Coinbase Advanced Trade and a CDP key whose P-256 private key is generated inside the test token.</summary>
public sealed class CoinbaseAdvancedAccount : IAsyncDisposable
{
    public const string Host = "api.coinbase.com";

    private CoinbaseAdvancedAccount(FakeCoinbaseAdvanced exchange, string keyName, string keyLabel)
    {
        Exchange = exchange;
        KeyName = keyName;
        KeyLabel = keyLabel;
    }

    public FakeCoinbaseAdvanced Exchange { get; }

    /// <summary>The CDP API key name, the venue's ApiKey: organizations/{org}/apiKeys/{id}.</summary>
    public string KeyName { get; }

    public string KeyLabel { get; }

    public static async Task<CoinbaseAdvancedAccount> CreateAsync(SoftHsmToken token)
    {
        var keyName = $"organizations/{Guid.NewGuid()}/apiKeys/{Guid.NewGuid()}";
        var label = TestSecrets.Label("coinbase-advanced");
        var pem = token.GenerateKeyPair(label, KeyType.EcP256);
        var exchange = await FakeCoinbaseAdvanced.StartAsync(new FakeCoinbaseAdvancedOptions { KeyName = keyName, PublicKeyPem = pem, SignedHost = Host });
        return new CoinbaseAdvancedAccount(exchange, keyName, label);
    }

    public JsonObject Venue() => SidecarUnderTest.Venue("coinbase-advanced", Exchange.BaseAddress, KeyName, KeyLabel, Host);

    /// <summary>A throwaway EC key in the SEC1 PEM form ccxt reads: a placeholder, never the venue's key.</summary>
    public static string ThrowawayPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportECPrivateKeyPem();
    }

    public ValueTask DisposeAsync() => Exchange.DisposeAsync();
}
