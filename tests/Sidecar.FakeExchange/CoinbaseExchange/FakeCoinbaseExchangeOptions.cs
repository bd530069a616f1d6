namespace Sidecar.FakeExchange.CoinbaseExchange;

/// <summary>How a <see cref="FakeCoinbaseExchange"/> is set up. Test secrets only.</summary>
/// <remarks><see cref="FakeKeyOptions.Secret"/>: the HMAC-SHA256 key: the base64-DECODED API secret.</remarks>
public sealed class FakeCoinbaseExchangeOptions : FakeKeyOptions
{
    /// <summary>The passphrase chosen when the key was created (<c>CB-ACCESS-PASSPHRASE</c>).</summary>
    public required string Passphrase { get; init; }
}
