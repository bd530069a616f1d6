using Microsoft.AspNetCore.Http;

namespace Sidecar.Proxy;

/// <summary>
/// Refuses request framings that another HTTP parser could read differently (request smuggling, RFC 9112 §6.1 and
/// §6.3). Kestrel accepts them — Transfer-Encoding wins over Content-Length, and it stops keep-alive — but a request
/// whose length two parsers can disagree on is never signed: whatever sits between the bot and Sidecar may have
/// seen a different request. The caller closes the connection with the refusal.
/// </summary>
internal static class MessageFraming
{
    public static string? Check(HttpRequest request)
    {
        if (request.Headers.TransferEncoding.Count == 0)
        {
            return null;
        }

        // With both, Kestrel follows Transfer-Encoding and moves Content-Length to X-Content-Length.
        if (request.Headers.ContentLength is not null || request.Headers.ContainsKey("X-Content-Length"))
        {
            return "the request has both Transfer-Encoding and Content-Length; its length is ambiguous";
        }

        return HttpProtocol.IsHttp10(request.Protocol)
            ? "Transfer-Encoding is not defined in HTTP/1.0; the request's length is ambiguous"
            : null;
    }
}
