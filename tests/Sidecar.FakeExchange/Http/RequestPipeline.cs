using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Sidecar.FakeExchange.Binance;
using Sidecar.FakeExchange.Security;

namespace Sidecar.FakeExchange.Http;

/// <summary>
/// The fake's only middleware: takes the request apart exactly as received, finds the endpoint, applies Binance's
/// parameter and security rules, runs the handler, records the exchange, and answers.
/// </summary>
internal sealed class RequestPipeline(
    EndpointTable endpoints,
    RequestAuthenticator authenticator,
    RequestJournal<RecordedRequest> journal,
    RequestConsoleLog? consoleLog,
    Binance.Limits.FakeBinanceLimits limits)
{
    public const string ApiKeyHeaderName = "X-MBX-APIKEY";

    private const string FormContentType = "application/x-www-form-urlencoded";

    // Binance writes messages such as "Mandatory parameter 'timestamp' …" with plain quotes, not \u0027.
    private static readonly JsonSerializerOptions JsonOutput = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task HandleAsync(HttpContext context)
    {
        var http = context.Request;
        var (rawPath, rawQuery) = RawTarget(context);
        var body = await ReadBodyAsync(http, context.RequestAborted);
        var apiKeys = http.Headers[ApiKeyHeaderName];
        var origin = http.Headers.Origin;

        var endpoint = endpoints.Find(http.Method, rawPath, out var pathKnown);
        var signature = endpoint is null
            ? SignatureCheck.NotRequired
            : authenticator.InspectSignature(endpoint.Security, rawQuery, body);

        // Every request to a served endpoint counts against the IP's weight, whatever it answers (as at Binance).
        var family = endpoint is null ? null : Binance.Limits.RequestWeights.FamilyOf(rawPath);
        var meter = family is { } counted ? limits.Meter(counted) : null;
        var charge = meter?.Charge(Binance.Limits.RequestWeights.Of(http.Method, rawPath, name => HasParameter(rawQuery, body, name)));
        var response = endpoint is null
            ? pathKnown ? BinanceResponse.MethodNotAllowed() : BinanceResponse.NotFound()
            : charge is { Status: not 200 } refused
                ? BinanceResponse.Error(TooMuchWeight(refused.Status, meter!.Limit, refused.RetryAfterSeconds))
                : Process(endpoint, signature, new RawRequest(http.Method, rawPath, rawQuery, body, http.ContentType,
                    apiKeys.Count == 0 ? null : apiKeys.ToString(), apiKeys.Count, origin.Count == 0 ? null : origin.ToString()));
        if (charge is { } charged)
        {
            context.Response.Headers["X-MBX-USED-WEIGHT-1M"] = charged.Used.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (charged.Status != 200)
            {
                context.Response.Headers.RetryAfter = charged.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (response.Status == 200 && http.Method == "POST" && rawPath == "/api/v3/order")
            {
                var (tenSeconds, day) = limits.Orders.Count();
                context.Response.Headers["X-MBX-ORDER-COUNT-10S"] = tenSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.Headers["X-MBX-ORDER-COUNT-1D"] = day.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        // Recorded before answering, so a client that has its answer always finds its request in the journal.
        var recorded = new RecordedRequest(http.Method, rawPath, rawQuery, body, http.ContentType,
            apiKeys.Count == 0 ? null : apiKeys.ToString(), origin.Count == 0 ? null : origin.ToString(),
            signature, response.Status, response.BinanceCode);
        if (!SidecarBackground.IsBackground(context.Request))
        {
            journal.Add(recorded);
            consoleLog?.Write(recorded, endpoint?.Security, authenticator.DescribeApiKey(recorded.ApiKeyHeader, apiKeys.Count));
        }

        await WriteAsync(context.Response, response, context.RequestAborted);
    }

    private BinanceResponse Process(Endpoint endpoint, SignatureCheck signature, RawRequest raw)
    {
        try
        {
            if (!BodyIsAcceptable(raw))
            {
                return BinanceResponse.Error(BinanceErrors.MalformedRequest);
            }

            var parameters = RequestParameters.TryCreate(
                RawParameters.Split(raw.Query),
                raw.Body.Length == 0 ? [] : RawParameters.Split(raw.Body));
            if (parameters is null)
            {
                return BinanceResponse.Error(BinanceErrors.DuplicateParameter);
            }

            var request = new BinanceRequest
            {
                Method = raw.Method,
                RawPath = raw.Path,
                RawQuery = raw.Query,
                RawBody = raw.Body,
                ContentType = raw.ContentType,
                ApiKeyHeader = raw.ApiKey,
                ApiKeyHeaderCount = raw.ApiKeyCount,
                Origin = raw.Origin,
                Parameters = parameters,
            };

            return authenticator.Authenticate(request, endpoint.Security, signature) is { } error
                ? BinanceResponse.Error(error)
                : endpoint.Handler(request);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return BinanceResponse.Error(new BinanceError(500, -1000, "An unknown error occurred while processing the request."));
        }
    }

    /// <summary>Binance's -1003 answers: 429 over the weight limit, 418 once the IP is banned for not backing off.</summary>
    private static BinanceError TooMuchWeight(int status, int limit, int retryAfterSeconds) => status == 418
        ? new BinanceError(418, -1003, $"Way too much request weight used; IP banned for {retryAfterSeconds} s. Please use WebSocket Streams for live updates to avoid bans.")
        : new BinanceError(429, -1003, $"Too much request weight used; current limit is {limit} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.");

    private static bool HasParameter(string query, string body, string name)
    {
        foreach (var part in query.Split('&').Concat(body.Split('&')))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if ((equals < 0 ? part : part[..equals]) == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>GET takes parameters in the query string only; POST, PUT and DELETE may also send a body, but only as
    /// application/x-www-form-urlencoded. Anything else would be ignored by the exchange, so it is refused.</summary>
    private static bool BodyIsAcceptable(RawRequest raw)
    {
        if (raw.Body.Length == 0)
        {
            return true;
        }

        return raw.Method is not ("GET" or "HEAD") &&
               MediaTypeHeaderValue.TryParse(raw.ContentType, out var mediaType) &&
               mediaType.MediaType.Equals(FormContentType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The path and query exactly as the client sent them (IHttpRequestFeature.RawTarget), never decoded.</summary>
    private static (string Path, string Query) RawTarget(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/')
        {
            var request = context.Request;
            return ((request.PathBase + request.Path).ToUriComponent(), request.QueryString.Value?.TrimStart('?') ?? string.Empty);
        }

        var question = target.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (target, string.Empty) : (target[..question], target[(question + 1)..]);
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static async Task WriteAsync(HttpResponse response, BinanceResponse answer, CancellationToken cancellationToken)
    {
        response.StatusCode = answer.Status;
        if (answer.Body is null)
        {
            return;
        }

        response.ContentType = "application/json;charset=UTF-8";
        await response.WriteAsync(answer.Body.ToJsonString(JsonOutput), cancellationToken);
    }

    private sealed record RawRequest(
        string Method,
        string Path,
        string Query,
        string Body,
        string? ContentType,
        string? ApiKey,
        int ApiKeyCount,
        string? Origin);
}
