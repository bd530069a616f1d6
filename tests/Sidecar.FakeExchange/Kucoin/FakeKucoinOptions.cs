namespace Sidecar.FakeExchange.Kucoin;

/// <summary>How a <see cref="FakeKucoin"/> is set up. Test secrets only: the fake is never pointed at real keys.</summary>
public sealed class FakeKucoinOptions
{
    /// <summary>The only API key accepted (header <c>KC-API-KEY</c>).</summary>
    public required string ApiKey { get; init; }

    /// <summary>The HMAC-SHA256 key: the UTF-8 bytes of the KuCoin API secret string.</summary>
    public required byte[] Secret { get; init; }

    /// <summary>The API key's passphrase (a version 2/3 key expects it HMAC-signed in <c>KC-API-PASSPHRASE</c>).</summary>
    public required string Passphrase { get; init; }

    /// <summary>The fake server clock is UTC now plus this offset (for clock-skew tests).</summary>
    public TimeSpan ClockOffset { get; init; }

    /// <summary>What <c>GET /api/v1/user/api-key</c> reports about the key (<c>permission</c>, <c>ipWhitelist</c>).</summary>
    public Common.FakeKeyPermissions KeyPermissions { get; init; } = new();

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }
}
