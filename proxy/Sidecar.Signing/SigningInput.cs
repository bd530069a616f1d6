namespace Sidecar.Signing;

/// <summary>
/// The request as the bot sent it, already mapped to the upstream: the path and query are the exact bytes that
/// will be forwarded (never the /{venue} prefix or the ccxt proxyUrl wrapper).
/// </summary>
public readonly ref struct SigningInput
{
    private readonly string? _host;

    /// <summary>Upper-case HTTP method, e.g. "GET".</summary>
    public required string Method { get; init; }

    /// <summary>Upstream path as sent, ASCII, starting with '/'.</summary>
    public required ReadOnlySpan<byte> Path { get; init; }

    /// <summary>
    /// The row of the exchange's endpoint table this request matched, when the caller already looked it up (the
    /// proxy does, once per request, for its policy); null, the scheme looks it up itself.
    /// </summary>
    public Policy.ExchangeEndpoint? Endpoint { get; init; }

    /// <summary>Raw query string without the leading '?', as sent (not decoded).</summary>
    public ReadOnlySpan<byte> Query { get; init; }

    public ReadOnlySpan<byte> Body { get; init; }

    public BodyFormat BodyFormat { get; init; }

    /// <summary>The exchange's host name (e.g. <c>api.coinbase.com</c>), for schemes that sign it.</summary>
    public string Host
    {
        get => _host ?? "";
        init => _host = value;
    }

    /// <summary>
    /// What the bot sent in each of the scheme's <see cref="SigningScheme.CredentialHeaders"/>, in the same order;
    /// null where it sent nothing (or several values). Schemes read timestamps and nonces the bot chose from here —
    /// through <see cref="SigningScheme.BotHeader"/> — and keep them when valid; everything else in these headers is
    /// replaced.
    /// </summary>
    public ReadOnlySpan<string?> CredentialHeaderValues { get; init; }

    /// <summary>Current time in Unix milliseconds, from the (exchange-corrected) clock, for timestamps the scheme adds.</summary>
    public required long UnixTimeMilliseconds { get; init; }

    /// <summary>
    /// Replace any timestamp the bot chose (a header, Binance's <c>timestamp</c> parameter, BitMEX's
    /// <c>api-expires</c>) with one from <see cref="UnixTimeMilliseconds"/>: the bot's clock may be wrong where
    /// Sidecar's is corrected against the exchange (<c>Clock:Restamp</c>). Nonces are not timestamps and are kept.
    /// </summary>
    public bool Restamp { get; init; }
}
