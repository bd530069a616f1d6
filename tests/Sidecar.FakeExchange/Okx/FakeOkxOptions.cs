namespace Sidecar.FakeExchange.Okx;

/// <summary>How a <see cref="FakeOkx"/> is set up. Test secrets only: the fake is never pointed at real keys.</summary>
/// <remarks><see cref="FakeKeyOptions.Secret"/>: the HMAC-SHA256 key: the UTF-8 bytes of the OKX secret key string.</remarks>
public sealed class FakeOkxOptions : FakeKeyOptions
{
    /// <summary>The API key's passphrase, expected as is in <c>OK-ACCESS-PASSPHRASE</c>.</summary>
    public required string Passphrase { get; init; }

    /// <summary>The fake server clock is UTC now plus this offset (for clock-skew tests).</summary>
    public TimeSpan ClockOffset { get; init; }

    /// <summary>What <c>GET /api/v5/account/config</c> reports about the key (<c>perm</c>, <c>ip</c>).</summary>
    public Common.FakeKeyPermissions KeyPermissions { get; init; } = new();
}
