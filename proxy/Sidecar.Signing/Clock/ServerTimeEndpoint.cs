namespace Sidecar.Signing.Clock;

/// <summary>Reads the exchange's time from the body of its public time endpoint, in Unix milliseconds.</summary>
public delegate bool ServerTimeParser(ReadOnlySpan<byte> json, out long unixMilliseconds);

/// <summary>
/// Where an exchange tells the time without authentication, and how to read its answer. Sidecar measures each
/// venue's clock offset against it, through the venue's fixed upstream, unsigned.
/// </summary>
public sealed class ServerTimeEndpoint
{
    // 2001-09-09 and 2100-01-01 in Unix milliseconds: anything outside is not a current exchange clock (seconds
    // read as milliseconds, a placeholder such as 1, or microseconds).
    private const long EarliestPlausible = 1_000_000_000_000;
    private const long LatestPlausible = 4_102_444_800_000;

    private readonly ServerTimeParser _parser;

    public ServerTimeEndpoint(string path, long resolutionMilliseconds, ServerTimeParser parser)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resolutionMilliseconds, 1);
        Path = path;
        ResolutionMilliseconds = resolutionMilliseconds;
        _parser = parser;
    }

    /// <summary>The endpoint's path on the venue's upstream, e.g. <c>/api/v3/time</c>; always a GET without query.</summary>
    public string Path { get; }

    /// <summary>
    /// The step of the reported time: 1 for milliseconds, 1000 for endpoints that report whole seconds (Kraken).
    /// A reported value <c>t</c> means the server's clock was somewhere in <c>[t, t + resolution)</c>.
    /// </summary>
    public long ResolutionMilliseconds { get; }

    /// <summary>
    /// The server time in the answer, truncated to <see cref="ResolutionMilliseconds"/>; false when the body is not
    /// the documented shape, reports an error, or holds an implausible time.
    /// </summary>
    public bool TryParse(ReadOnlySpan<byte> json, out long unixMilliseconds)
    {
        if (!ServerTimeJson.IsWellFormed(json) || !_parser(json, out unixMilliseconds))
        {
            unixMilliseconds = 0;
            return false;
        }

        return unixMilliseconds is >= EarliestPlausible and < LatestPlausible;
    }
}
