namespace Sidecar.FakeExchange.CoinbaseExchange;

/// <summary>How a <see cref="FakeCoinbaseExchange"/> is set up. Test secrets only.</summary>
public sealed class FakeCoinbaseExchangeOptions
{
    /// <summary>The only key accepted in <c>CB-ACCESS-KEY</c>.</summary>
    public required string ApiKey { get; init; }

    /// <summary>The HMAC-SHA256 key: the base64-DECODED API secret.</summary>
    public required byte[] Secret { get; init; }

    /// <summary>The passphrase chosen when the key was created (<c>CB-ACCESS-PASSPHRASE</c>).</summary>
    public required string Passphrase { get; init; }

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }
}
