using Sidecar.FakeExchange.Security;

namespace Sidecar.FakeExchange.Http;

/// <summary>
/// One line per request for the demo: method, raw path (never the query: it holds the signature), the API-key and
/// signature verdicts, and the status. Never the secret, the signature value, or the API key itself.
/// </summary>
internal sealed class RequestConsoleLog(TextWriter output)
{
    private readonly Lock _gate = new();

    public void Write(RecordedRequest request, EndpointSecurity? security, ApiKeyStatus apiKey)
    {
        var verdict = security switch
        {
            null => "unknown endpoint",
            EndpointSecurity.None => "public",
            EndpointSecurity.UserStream => Describe(apiKey) + ", no signature needed",
            _ => Describe(apiKey) + ", " + Describe(request.Signature),
        };
        var code = request.BinanceCode is { } binanceCode ? $" ({binanceCode})" : string.Empty;
        lock (_gate)
        {
            output.WriteLine($"fake-binance: {request.Method} {request.Path} {verdict} -> {request.Status}{code}");
            output.Flush();
        }
    }

    private static string Describe(ApiKeyStatus status) => status switch
    {
        ApiKeyStatus.Accepted => "key ok",
        ApiKeyStatus.Missing => "key MISSING",
        _ => "key WRONG",
    };

    private static string Describe(SignatureCheck check) => check switch
    {
        SignatureCheck.Valid => "signature ok",
        SignatureCheck.Invalid => "signature INVALID",
        SignatureCheck.Missing => "signature MISSING",
        _ => "no signature needed",
    };
}
