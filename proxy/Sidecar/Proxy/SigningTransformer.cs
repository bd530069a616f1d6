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

    /// <summary>Hands the plan to <see cref="OneWriteBodyHandler"/>, which sends its body with the headers.</summary>
    public static readonly HttpRequestOptionsKey<ForwardingPlan> PlanKey = new("Sidecar.ForwardingPlan");

    // Headers a browser-style client (ccxt with proxyUrl) adds for CORS proxies; meaningless to the exchange.
    private static readonly string[] ClientOnlyHeaders = ["Origin"];

    /// <summary>Largest error body read to find the exchange's auth-failure code.</summary>
    private const int MaxInspectedErrorBody = 16 * 1024;

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copy = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        var plan = httpContext.Features.Get<ForwardingPlan>();
        if (proxyResponse is null || plan is null)
        {
            return copy;
        }

        // NonValidated: the raw strings, without parsing (and allocating) every header the exchange sent.
        foreach (var header in proxyResponse.Headers.NonValidated)
        {
            if (Telemetry.UpstreamSignals.IsUsageHeader(header.Key))
            {
                foreach (var value in header.Value)
                {
                    Telemetry.UpstreamSignals.RecordUsage(plan.VenueName, header.Key, value);
                }
            }
        }

        var status = (int)proxyResponse.StatusCode;
        if (status >= 400 && proxyResponse.Content.Headers.ContentLength is null or <= MaxInspectedErrorBody)
        {
            // Buffered, the body is still copied to the bot afterwards.
            try
            {
                await proxyResponse.Content.LoadIntoBufferAsync(MaxInspectedErrorBody, cancellationToken);
                var body = await proxyResponse.Content.ReadAsByteArrayAsync(cancellationToken);
                plan.AuthFailureCode = Telemetry.UpstreamSignals.AuthFailureCode(plan.Scheme.Name, status, body);
            }
            catch (HttpRequestException)
            {
                // Larger than the inspection limit or unreadable: no code, the body still streams through.
            }
        }

        return copy;
    }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var plan = httpContext.Features.Get<ForwardingPlan>()
            ?? throw new InvalidOperationException("SigningTransformer ran without a ForwardingPlan.");

        proxyRequest.RequestUri = plan.Target;
        if (proxyRequest.Content is not null)
        {
            proxyRequest.Options.Set(PlanKey, plan);
        }

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
