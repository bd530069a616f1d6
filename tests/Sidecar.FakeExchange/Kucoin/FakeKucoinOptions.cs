namespace Sidecar.FakeExchange.Kucoin;

/// <summary>How a <see cref="FakeKucoin"/> is set up. Test secrets only: the fake is never pointed at real keys.</summary>
/// <remarks><see cref="FakeKeyOptions.Secret"/>: the HMAC-SHA256 key: the UTF-8 bytes of the KuCoin API secret string.</remarks>
public sealed class FakeKucoinOptions : FakeKeyOptions
{
    /// <summary>The API key's passphrase (a version 2/3 key expects it HMAC-signed in <c>KC-API-PASSPHRASE</c>).</summary>
    public required string Passphrase { get; init; }

    /// <summary>The fake server clock is UTC now plus this offset (for clock-skew tests).</summary>
    public TimeSpan ClockOffset { get; init; }

    /// <summary>What <c>GET /api/v1/user/api-key</c> reports about the key (<c>permission</c>, <c>ipWhitelist</c>).</summary>
    public Common.FakeKeyPermissions KeyPermissions { get; init; } = new();
}
