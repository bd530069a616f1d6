namespace Sidecar.FakeExchange.Common;

/// <summary>
/// One request as a (non-Binance) fake exchange received it, and what it answered. Headers are kept by
/// lower-case name, as received; the fake never logs them.
/// </summary>
public sealed record ExchangeRequest(
    string Method,
    string Path,
    string RawQuery,
    string Body,
    IReadOnlyDictionary<string, string> Headers,
    SignatureCheck Signature,
    int Status,
    string? ErrorCode);
