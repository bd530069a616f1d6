namespace Sidecar.FakeExchange.Bybit;

/// <summary>How a <see cref="FakeBybit"/> is set up. Test secrets only: the fake is never pointed at real keys.</summary>
public sealed class FakeBybitOptions
{
    /// <summary>The only API key accepted (header <c>X-BAPI-API-KEY</c>).</summary>
    public required string ApiKey { get; init; }

    /// <summary>The HMAC-SHA256 key: the UTF-8 bytes of the Bybit secret string.</summary>
    public required byte[] Secret { get; init; }

    /// <summary>The fake server clock is UTC now plus this offset (for clock-skew tests).</summary>
    public TimeSpan ClockOffset { get; init; }

    /// <summary>
    /// What <c>GET /v5/user/query-api</c> reports about the key; null keeps the historical answer (spot trade,
    /// account transfer, no IP binding) that the ccxt bot reads.
    /// </summary>
    public Common.FakeKeyPermissions? KeyPermissions { get; init; }

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }
}
