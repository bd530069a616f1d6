using System.Text;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Sidecar.Proxy;

/// <summary>
/// Sets the exact upstream URI that was signed (built once, never re-encoded through YARP's query collection),
/// removes whatever credentials the bot sent, and sets the scheme's headers. Adds no X-Forwarded-* headers:
/// the exchange needs nothing about the bot.
/// </summary>
internal sealed class SigningTransformer : HttpTransformer
{
    public static readonly SigningTransformer Instance = new();

    // Headers a browser-style client (ccxt with proxyUrl) adds for CORS proxies; meaningless to the exchange.
    private static readonly string[] ClientOnlyHeaders = ["Origin"];

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var plan = httpContext.Features.Get<ForwardingPlan>()
            ?? throw new InvalidOperationException("SigningTransformer ran without a ForwardingPlan.");

        proxyRequest.RequestUri = plan.Target;

        // The base transformer copies the bot's Host (Sidecar's own address); the exchange must see its own host.
        proxyRequest.Headers.Host = null;
        foreach (var header in plan.Scheme.CredentialHeaders)
        {
            proxyRequest.Headers.Remove(header);
        }

        foreach (var header in ClientOnlyHeaders)
        {
            proxyRequest.Headers.Remove(header);
        }

        var headers = plan.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            var value = headers.ConstantValueAt(i) ?? Encoding.ASCII.GetString(headers.ComputedValueAt(i));
            proxyRequest.Headers.TryAddWithoutValidation(headers.NameAt(i), value);
        }
    }
}
