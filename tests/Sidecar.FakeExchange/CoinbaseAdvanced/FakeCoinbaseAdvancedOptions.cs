namespace Sidecar.FakeExchange.CoinbaseAdvanced;

/// <summary>How a <see cref="FakeCoinbaseAdvanced"/> is set up. Test keys only.</summary>
public sealed class FakeCoinbaseAdvancedOptions
{
    /// <summary>The CDP API key name accepted as the JWT's <c>kid</c> and <c>sub</c> (organizations/{org}/apiKeys/{id}).</summary>
    public required string KeyName { get; init; }

    /// <summary>The key's P-256 public key (SubjectPublicKeyInfo PEM) that JWT signatures are verified with.</summary>
    public required string PublicKeyPem { get; init; }

    /// <summary>
    /// The host the <c>uri</c> claim must name ("GET api.coinbase.com/api/v3/…"). ccxt talking to the fake directly
    /// over http builds it from its URL with only "https://" removed, so direct-mode validation passes
    /// "http://127.0.0.1:{port}" here.
    /// </summary>
    public string SignedHost { get; init; } = "api.coinbase.com";

    /// <summary>What <c>GET /api/v3/brokerage/key_permissions</c> reports (<c>can_transfer</c>: withdrawals or transfers).</summary>
    public Common.FakeKeyPermissions KeyPermissions { get; init; } = new();

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }
}
