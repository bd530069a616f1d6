namespace Sidecar.FakeExchange.Binance;

/// <summary>How a <see cref="FakeBinance"/> is set up. Test secrets only: the fake is never pointed at real keys.</summary>
public sealed class FakeBinanceOptions
{
    /// <summary>The only API key accepted (header <c>X-MBX-APIKEY</c>, WebSocket <c>apiKey</c> parameter).</summary>
    public required string ApiKey { get; init; }

    /// <summary>The HMAC-SHA256 key: the UTF-8 bytes of the Binance secret string. Empty for an Ed25519 key.</summary>
    public required byte[] Secret { get; init; }

    /// <summary>
    /// The raw 32-byte Ed25519 public key the user registered (Binance's recommended key type). When set,
    /// signatures are verified as Ed25519 over totalParams (base64, URL-encoded in the parameter) instead of HMAC.
    /// </summary>
    public byte[]? Ed25519PublicKey { get; init; }

    /// <summary>The fake server clock is UTC now plus this offset (for clock-skew tests).</summary>
    public TimeSpan ClockOffset { get; init; }

    /// <summary>Where the server clock reads UTC now: a test's fake clock shared with Sidecar moves both at once.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>What <c>GET /sapi/v1/account/apiRestrictions</c> reports about the key.</summary>
    public Common.FakeKeyPermissions KeyPermissions { get; init; } = new();

    /// <summary>How the WebSocket endpoints behave (server ping interval, compression, …); Binance's defaults.</summary>
    public Binance.WebSocket.FakeBinanceWebSocketOptions WebSocket { get; init; } = new();

    /// <summary>The spot IP weight limit per minute, enforced and published in exchangeInfo (Binance: 6,000).</summary>
    public int SpotWeightPerMinute { get; init; } = 6000;

    /// <summary>The USD-M IP weight limit per minute (Binance: 2,400).</summary>
    public int FuturesWeightPerMinute { get; init; } = 2400;

    /// <summary>429s in a row after which the IP is banned (418); Binance bans "repeated" violators.</summary>
    public int RejectionsBeforeBan { get; init; } = 3;

    /// <summary>How long a ban lasts; Binance's first is 2 minutes, repeat offenders up to 3 days.</summary>
    public TimeSpan BanDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>How long each REST request waits before the fake handles (books) and answers it: a slow exchange.</summary>
    public TimeSpan ResponseDelay { get; init; }

    /// <summary>One line per request on standard output: method, path, key and signature verdicts, status.
    /// Never the secret, the signature value, the query string or the full API key.</summary>
    public bool LogToConsole { get; init; }
}
