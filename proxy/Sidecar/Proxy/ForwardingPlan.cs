using System.Text;
using Microsoft.AspNetCore.Http;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Yarp.ReverseProxy.Forwarder;

namespace Sidecar.Proxy;

/// <summary>
/// What one forward sends, and the transformer that sends it: the exact upstream URI that was signed (built once,
/// never re-encoded through YARP's query collection), the scheme's headers in place of whatever credentials the
/// bot sent, and the signed bytes. Pooled in <see cref="ProxiedRequest"/> and handed to YARP as the transformer
/// of that one request, so the plan needs no side channel to reach it. Below HttpClient,
/// <see cref="OneWriteBodyHandler"/> finds the same plan in the request's options (<see cref="OptionsKey"/>): the
/// only way to reach a handler. Adds no X-Forwarded-* headers: the exchange needs nothing about the bot.
/// </summary>
internal sealed class ForwardingPlan : HttpTransformer
{
    /// <summary>Carries the plan from the transformer to <see cref="OneWriteBodyHandler"/>, which sends its body with the headers.</summary>
    public static readonly HttpRequestOptionsKey<ForwardingPlan> OptionsKey = new("Sidecar.ForwardingPlan");

    // Headers a browser-style client (ccxt with proxyUrl) adds for CORS proxies; meaningless to the exchange.
    private static readonly string[] ClientOnlyHeaders = ["Origin"];

    /// <summary>Largest error body read to find the exchange's auth-failure code.</summary>
    private const int MaxInspectedErrorBody = 16 * 1024;

    public Uri Target { get; private set; } = null!;

    public SigningScheme Scheme { get; private set; } = null!;

    public SignedHeaders Headers { get; private set; } = null!;

    public string VenueName { get; private set; } = null!;

    /// <summary>The exact bytes that were signed (or passed through), sent with the headers in one write.</summary>
    public ReadOnlyMemory<byte> Body { get; private set; }

    /// <summary>The request's stage timestamps when <see cref="Telemetry.StageTiming"/> is on; null otherwise.</summary>
    public Telemetry.StageTiming.Stamps? Stages { get; private set; }

    /// <summary>Set from the exchange's error answer when it rejected the key or signature.</summary>
    public string? AuthFailureCode { get; private set; }

    /// <summary>The venue's governor, which reads the exchange's rate-limit headers; null when none is kept.</summary>
    private Governor.WeightGovernor? _governor;
    private Governor.Admission _admission;

    /// <summary>Where the exchange ids of the orders an answer names go (an order request of a reconciled venue); usually null.</summary>
    private Reconcile.OrderLedger? _ledger;
    private Signing.Reconcile.OrderHistory? _history;
    private ExchangeEndpoint? _endpoint;
    private readonly AnswerCapture _capture = new(MaxInspectedErrorBody);

    /// <summary>What rewrites the exchange's answer before the bot sees it (a token kept from the bot); usually null.</summary>
    private AnswerRewriter? _answers;
    private AnswerContext? _answerContext;

    /// <summary>Makes the exchange's successful answer go through <paramref name="answers"/> before it reaches the bot.</summary>
    public void RewriteAnswers(AnswerRewriter answers, AnswerContext context)
    {
        _answers = answers;
        _answerContext = context;
    }

    /// <summary>Makes the exchange's rate-limit headers in the answer reach <paramref name="governor"/>.</summary>
    public void Govern(Governor.WeightGovernor? governor, Governor.Admission admission)
    {
        _governor = governor;
        _admission = admission;
    }

    /// <summary>Makes the orders a successful answer names reach <paramref name="ledger"/>, read by <paramref name="history"/>.</summary>
    public void RecordPlacedOrders(Reconcile.OrderLedger ledger, Signing.Reconcile.OrderHistory history, ExchangeEndpoint endpoint)
    {
        _ledger = ledger;
        _history = history;
        _endpoint = endpoint;
    }

    public void Set(Uri target, SigningScheme scheme, SignedHeaders headers, string venueName, ReadOnlyMemory<byte> body, Telemetry.StageTiming.Stamps? stages)
    {
        Target = target;
        Stages = stages;
        Body = body;
        Scheme = scheme;
        Headers = headers;
        VenueName = venueName;
        AuthFailureCode = null;
    }

    public void Clear()
    {
        Target = null!;
        Body = default;
        Scheme = null!;
        Headers = null!;
        VenueName = null!;
        AuthFailureCode = null;
        Stages = null;
        _answers = null;
        _answerContext = null;
        _governor = null;
        _admission = default;
        _ledger = null;
        _history = null;
        _endpoint = null;
        _capture.Clear();
    }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = Target;
        if (proxyRequest.Content is not null || Stages is not null)
        {
            proxyRequest.Options.Set(OptionsKey, this);
        }

        // The base transformer copies the bot's Host (Sidecar's own address); the exchange must see its own host.
        proxyRequest.Headers.Host = null;
        foreach (var header in Scheme.CredentialHeaders)
        {
            proxyRequest.Headers.Remove(header);
        }

        foreach (var header in ClientOnlyHeaders)
        {
            proxyRequest.Headers.Remove(header);
        }

        if (_answers is not null || _ledger is not null)
        {
            // An answer Sidecar rewrites or reads must arrive as plain bytes.
            proxyRequest.Headers.AcceptEncoding.Clear();
        }

        for (var i = 0; i < Headers.Count; i++)
        {
            var value = Headers.ConstantValueAt(i) ?? Encoding.ASCII.GetString(Headers.ComputedValueAt(i));
            proxyRequest.Headers.TryAddWithoutValidation(Headers.NameAt(i), value);
        }

        Stages?.Mark(RequestStages.RequestBuilt);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        Stages?.Mark(RequestStages.ResponseHeaders);
        var copy = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (proxyResponse is null)
        {
            return copy;
        }

        // NonValidated: the raw strings, without parsing (and allocating) every header the exchange sent.
        Span<long> limits = stackalloc long[Governor.GovernorDefaults.MaxHeaders];
        limits.Fill(-1);
        var limitsSeen = false;
        foreach (var header in proxyResponse.Headers.NonValidated)
        {
            if (Telemetry.UpstreamSignals.IsUsageHeader(header.Key))
            {
                foreach (var value in header.Value)
                {
                    Telemetry.UpstreamSignals.RecordUsage(VenueName, header.Key, value);
                }
            }

            limitsSeen |= _governor is not null && Governor.RateLimitHeaders.TryRead(_governor.Limits, header.Key, header.Value, limits);
        }

        if (limitsSeen)
        {
            _governor!.Observe(_admission, limits);
        }

        var status = (int)proxyResponse.StatusCode;
        if (_ledger is not null && _answers is null && status is >= 200 and < 300)
        {
            // Read once relayed (RecordPlacedOrders): streamed to the bot as it comes, a copy kept on the way.
            proxyResponse.Content = _capture.Around(proxyResponse.Content);
        }

        if (_answers is not null && status is >= 200 and < 300)
        {
            return await RewriteAnswerAsync(httpContext, proxyResponse, cancellationToken);
        }

        if (status >= 400 && proxyResponse.Content.Headers.ContentLength is null or <= MaxInspectedErrorBody)
        {
            // Buffered, the body is still copied to the bot afterwards.
            try
            {
                await proxyResponse.Content.LoadIntoBufferAsync(MaxInspectedErrorBody, cancellationToken);
                var body = await proxyResponse.Content.ReadAsByteArrayAsync(cancellationToken);
                AuthFailureCode = Telemetry.UpstreamSignals.AuthFailureCode(Scheme.Exchange, status, body);
            }
            catch (HttpRequestException)
            {
                // Larger than the inspection limit or unreadable: no code, the body still streams through.
            }
        }

        return copy;
    }

    /// <summary>
    /// After the answer to an order request was relayed whole: the exchange ids of the orders it names go to the
    /// ledger, so a reconcile poll knows them. An answer cut off, larger than 16 KB or not JSON names none.
    /// </summary>
    public void RecordPlacedOrders()
    {
        if (_ledger is null || !_capture.Complete)
        {
            return;
        }

        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(_capture.Bytes);
            using var json = System.Text.Json.JsonDocument.ParseValue(ref reader);
            _ledger.RecordPlaced(_history!.ReadPlaced(_endpoint!, json.RootElement));
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: the order is matched by its client order id, if any.
        }
    }

    /// <summary>
    /// Writes the rewritten answer itself (YARP copies nothing more). An answer that cannot be read whole is never
    /// relayed: it may hold the very token the rewrite keeps from the bot.
    /// </summary>
    private async ValueTask<bool> RewriteAnswerAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, CancellationToken cancellationToken)
    {
        var response = httpContext.Response;
        byte[] answer;
        try
        {
            await proxyResponse.Content.LoadIntoBufferAsync(AnswerRewriter.MaxAnswerBytes, cancellationToken);
            answer = await proxyResponse.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            await ErrorResponse.WriteAsync(httpContext, StatusCodes.Status502BadGateway, ErrorCodes.UpstreamUnavailable,
                $"the answer of venue '{VenueName}' is larger than Sidecar reads ({AnswerRewriter.MaxAnswerBytes} bytes), and it may hold a token the bot must not get; it was not relayed");
            return false;
        }

        using var rewritten = new ByteBuilder(answer.Length + 256);
        var bytes = _answers!.TryRewrite(answer, _answerContext!, rewritten) ? rewritten.WrittenMemory : answer;
        response.Headers.ContentLength = bytes.Length;
        response.Headers.TransferEncoding = default;
        response.Headers.ContentEncoding = default;
        await response.Body.WriteAsync(bytes, cancellationToken);
        return false;
    }
}
