namespace Sidecar.Signing.RateLimits;

/// <summary>One limit as the exchange publishes it: the window's name and what it counts, and its current value.</summary>
public readonly record struct PublishedLimit(string Window, RateCount Counts, long Limit);

/// <summary>
/// Reads the limits from the start of the exchange's answer (the limits come before the symbol list, which can be
/// megabytes): false when the part read does not hold them whole.
/// </summary>
public delegate bool PublishedLimitsParser(ReadOnlySpan<byte> answerStart, List<PublishedLimit> limits);

/// <summary>
/// A public endpoint where the exchange publishes its current limits (Binance <c>GET /api/v3/exchangeInfo</c>
/// <c>rateLimits</c>), read through the venue's upstream at start-up and periodically. Unsigned, a GET without query.
/// </summary>
public sealed class LimitsEndpoint(string path, PublishedLimitsParser parser)
{
    /// <summary>How much of the answer is read: the limits come first.</summary>
    public const int MaxBytesRead = 64 * 1024;

    public string Path { get; } = path;

    public bool TryParse(ReadOnlySpan<byte> answerStart, List<PublishedLimit> limits) => parser(answerStart, limits);
}
