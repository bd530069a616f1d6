namespace Sidecar.FakeExchange.Http;

/// <summary>A request as received: raw path, query and body (never decoded), the headers that matter, and the
/// decoded parameters.</summary>
internal sealed class BinanceRequest
{
    public required string Method { get; init; }

    public required string RawPath { get; init; }

    public required string RawQuery { get; init; }

    public required string RawBody { get; init; }

    public string? ContentType { get; init; }

    public string? ApiKeyHeader { get; init; }

    /// <summary>How many X-MBX-APIKEY header values were sent (more than one is rejected).</summary>
    public int ApiKeyHeaderCount { get; init; }

    public string? Origin { get; init; }

    public required RequestParameters Parameters { get; init; }
}
