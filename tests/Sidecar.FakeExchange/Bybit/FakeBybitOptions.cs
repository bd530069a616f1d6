namespace Sidecar.FakeExchange.Bybit;

/// <summary>How a <see cref="FakeBybit"/> is set up. Test secrets only: the fake is never pointed at real keys.</summary>
/// <remarks><see cref="FakeKeyOptions.Secret"/>: the HMAC-SHA256 key: the UTF-8 bytes of the Bybit secret string.</remarks>
public sealed class FakeBybitOptions : FakeKeyOptions
{
    /// <summary>The fake server clock is UTC now plus this offset (for clock-skew tests).</summary>
    public TimeSpan ClockOffset { get; init; }

    /// <summary>
    /// What <c>GET /v5/user/query-api</c> reports about the key; null keeps the historical answer (spot trade,
    /// account transfer, no IP binding) that the ccxt bot reads.
    /// </summary>
    public Common.FakeKeyPermissions? KeyPermissions { get; init; }
}
