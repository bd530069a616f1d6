using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;
using System.Diagnostics;
using Sidecar.Alerts;
using Sidecar.Audit;
using Sidecar.Telemetry;
using Sidecar.Logging;
using Sidecar.Signing;
using Yarp.ReverseProxy.Forwarder;

namespace Sidecar.Proxy;

/// <summary>
/// The proxy listener's only handler. In order: map the request to a venue, read the body, refuse anything
/// ambiguous, judge it against the venue's policy and rate limits, sign exactly the bytes to be forwarded,
/// forward through YARP. Every refusal is answered here: nothing is signed and nothing is forwarded. An HSM
/// failure is a 503, never an unsigned request.
/// </summary>
internal sealed partial class SigningProxy
{
    private readonly VenueDirectory _venues;
    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _client;
    private readonly ForwarderRequestConfig _requestConfig;
    private readonly ProxySettings _settings;
    private readonly TimeProvider _clock;
    private readonly SigningStatistics _statistics;
    private readonly AuditLog? _audit;
    private readonly AlertSink _alerts;
    private readonly ILogger _logger;
    private readonly ObjectPool<SignedRequest> _signedRequests =
        new DefaultObjectPool<SignedRequest>(new SignedRequestPolicy(), Environment.ProcessorCount * 16);

    public SigningProxy(VenueDirectory venues, IHttpForwarder forwarder, HttpMessageInvoker client, ProxySettings settings,
        TimeProvider clock, SigningStatistics statistics, AuditSink audit, AlertSink alerts, ILogger<SigningProxy> logger)
    {
        _alerts = alerts;
        _audit = audit.Log;
        _venues = venues;
        _forwarder = forwarder;
        _client = client;
        _settings = settings;
        _requestConfig = new ForwarderRequestConfig { ActivityTimeout = settings.UpstreamTimeout };
        _clock = clock;
        _statistics = statistics;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        using var activity = SidecarTelemetry.Source.StartActivity("sidecar.request", ActivityKind.Server);
        var started = _clock.GetTimestamp();
        var outcome = new RequestOutcome();
        context.Features.Set(outcome);
        try
        {
            await HandleAsync(context, activity);
        }
        finally
        {
            var venue = outcome.Venue;
            var decision = outcome.Decision;
            var status = context.Response.StatusCode;
            activity?.SetTag("http.response.status_code", status);
            SidecarTelemetry.Requests.Add(1, new KeyValuePair<string, object?>("venue", venue), new KeyValuePair<string, object?>("decision", decision), new KeyValuePair<string, object?>("status", status));
            SidecarTelemetry.RequestDuration.Record(_clock.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("venue", venue), new KeyValuePair<string, object?>("decision", decision));
        }
    }

    private async Task HandleAsync(HttpContext context, Activity? activity)
    {
        var request = context.Request;
        if (HttpMethods.IsConnect(request.Method))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "CONNECT is refused: Sidecar is not a forward proxy");
            return;
        }

        if (MessageFraming.Check(request) is { } framing)
        {
            context.Response.Headers.Connection = "close";
            await RefuseAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, framing);
            return;
        }

        var peerUid = PeerCredentials.UidOf(context);
        if (_settings.AllowedUids.Count > 0 && (peerUid is null || !_settings.AllowedUids.Contains(peerUid.Value)))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.PolicyDenied,
                $"peer uid {peerUid?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} is not in AllowedUids (rule: AllowedUids)");
            return;
        }

        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;

        // Read once: a reload swapping the table mid-request must not mix two configurations in one request.
        if (!RouteParser.TryParse(rawTarget, _venues.Current, out var route, out var routeError))
        {
            await RefuseAsync(context, routeError.Status, routeError.Code, routeError.Message, audit: new AuditScope("-", PathOnly(rawTarget)));
            return;
        }

        var scope = new AuditScope(route.Venue.Name, route.Path) { KeyLabel = route.Venue.Credentials.Key.Label };
        context.Features.GetRequiredFeature<RequestOutcome>().Venue = route.Venue.Name;
        activity?.SetTag("sidecar.venue", route.Venue.Name);
        activity?.SetTag("sidecar.scheme", route.Venue.Scheme.Name);
        activity?.SetTag("sidecar.route_form", route.Form == RouteForm.ProxyUrl ? "proxyUrl" : "prefix");
        activity?.SetTag("url.path", route.Path);
        var venueUids = route.Venue.Definition.AllowedUids;
        if (venueUids.Count > 0 && (peerUid is null || !venueUids.Contains(peerUid.Value)))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.PolicyDenied,
                $"peer uid {peerUid?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} may not use venue '{route.Venue.Name}' (rule: Venues:{route.Venue.Name}:AllowedUids)",
                rule: "AllowedUids", audit: scope);
            return;
        }

        byte[] body;
        int bodyLength;
        try
        {
            (body, bodyLength) = await RequestBody.ReadAsync(request, _settings.MaxRequestBodyBytes, context.RequestAborted);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException)
        {
            // Kestrel found the body malformed or too slow (an overflowing chunk size is an IOException); it closes
            // the connection after this answer.
            var status = ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            await RefuseAsync(context, status, ErrorCodes.BadRequest, "the request body is malformed or too slow: " + ex.Message, audit: scope);
            return;
        }

        if (bodyLength < 0)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorCodes.RequestTooLarge,
                $"the request body is larger than Limits:MaxRequestBodyBytes ({_settings.MaxRequestBodyBytes} bytes)", audit: scope);
            return;
        }

        // Path and query were checked to be printable ASCII by RouteParser: one byte per char.
        var path = ArrayPool<byte>.Shared.Rent(route.Path.Length);
        var query = ArrayPool<byte>.Shared.Rent(route.Query.Length);
        var signed = _signedRequests.Get();
        try
        {
            var parts = new RequestParts(
                path, Encoding.ASCII.GetBytes(route.Path, path),
                query, Encoding.ASCII.GetBytes(route.Query, query),
                body, bodyLength, RequestBody.FormatOf(request, bodyLength));
            await JudgeSignAndForwardAsync(context, route, parts, signed, scope);
        }
        finally
        {
            _signedRequests.Return(signed);
            ArrayPool<byte>.Shared.Return(path);
            ArrayPool<byte>.Shared.Return(query);
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    private async Task JudgeSignAndForwardAsync(HttpContext context, RouteMatch route, RequestParts parts, SignedRequest signed, AuditScope scope)
    {
        var request = context.Request;
        var venue = route.Venue;
        if (!venue.Scheme.Accepts(parts.BodyFormat))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest,
                $"{venue.Scheme.Name} does not sign a body of type '{request.ContentType}'", audit: scope);
            return;
        }

        if (RequestCanonicalizer.Check(request, parts.Query, parts.Body, parts.BodyFormat, _settings.AcceptAnyHost) is { } ambiguity)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, ambiguity, audit: scope);
            return;
        }

        var access = venue.Scheme.Classify(request.Method, parts.Path);
        var decision = venue.Policy.Evaluate(request.Method, parts.Path, access);
        if (decision.Allowed)
        {
            Signing.Policy.OrderRead orders;
            try
            {
                orders = venue.Scheme.ReadOrders(request.Method, parts.Path, parts.Query, parts.Body, parts.BodyFormat);
            }
            catch (FormatException ex)
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "the order cannot be read: " + ex.Message, audit: scope);
                return;
            }

            scope.Order = orders.Orders.Count > 0 ? orders.Orders[0] : null;
            decision = venue.Policy.EvaluateOrders(orders);
            if (decision.Allowed && venue.Limits.Check(signed: access != EndpointAccess.Public, orders.PlacesOrders) is { } limited)
            {
                var seconds = Math.Max(1, (int)Math.Ceiling(limited.RetryAfter.TotalSeconds));
                await RefuseAsync(context, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                    $"venue '{venue.Name}' is over its {limited.Rule} limit; retry after {seconds} s (Retry-After)",
                    seconds.ToString(CultureInfo.InvariantCulture), limited.Rule, scope);
                return;
            }
        }

        if (!decision.Allowed)
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.PolicyDenied, $"{decision.Message} (rule: {decision.Rule})", rule: decision.Rule, audit: scope);
            return;
        }

        // Fail closed: no signature that could not be recorded.
        if (_audit is { FailClosed: true } audit && access != EndpointAccess.Public && !audit.CanRecord)
        {
            Log.Refused(_logger, request.Method, ErrorCodes.AuditUnavailable, audit.Failure ?? "the audit queue is full");
            await ErrorResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.AuditUnavailable,
                "the audit log cannot be written, so nothing is signed (Audit:FailClosed)");
            return;
        }

        SignOutcome outcome;
        var signStarted = _clock.GetTimestamp();
        using (var signActivity = SidecarTelemetry.Source.StartActivity("sidecar.hsm.sign"))
        {
            try
            {
                signActivity?.SetTag("sidecar.key", venue.Credentials.Key.Label);
                outcome = Sign(request, route, parts, signed);
                scope.Hsm = LastSignedBy;
            }
            catch (SigningKeyUnavailableException ex)
            {
                if (await TryFinishAbandonedAsync(context, venue, scope))
                {
                    return;
                }

                signActivity?.SetStatus(ActivityStatusCode.Error, "hsm_unavailable");
                SidecarTelemetry.HsmErrors.Add(1, new KeyValuePair<string, object?>("result", ex is Pkcs11.HsmException hsm ? hsm.Result.ToString() : "unavailable"));
                await HsmFailedAsync(context, venue, scope, ex);
                return;
            }
        }

        if (outcome == SignOutcome.Signed)
        {
            SidecarTelemetry.SignDuration.Record(_clock.GetElapsedTime(signStarted).TotalMilliseconds, new KeyValuePair<string, object?>("venue", venue.Name));
        }

        if (outcome == SignOutcome.Rejected)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, signed.Error!, audit: scope);
            return;
        }

        if (outcome == SignOutcome.Signed)
        {
            _statistics.CountSign(venue.Name);
        }

        await ForwardAsync(context, route, parts, signed, outcome, scope);
    }

    private async Task HsmFailedAsync(HttpContext context, Venue venue, AuditScope scope, SigningKeyUnavailableException ex)
    {
        SetDecision(context, "failed");
        Log.HsmFailed(_logger, venue.Name, venue.Credentials.Key.Label, ex.Message);
        Record(scope, context.Request.Method, "failed", ErrorCodes.HsmUnavailable);
        await ErrorResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.HsmUnavailable,
            $"the HSM could not sign for venue '{venue.Name}'; nothing was forwarded");
    }

    private async Task ForwardAsync(HttpContext context, RouteMatch route, RequestParts parts, SignedRequest signed, SignOutcome outcome, AuditScope scope)
    {
        var request = context.Request;
        var venue = route.Venue;
        var isSigned = outcome == SignOutcome.Signed;
        var query = isSigned ? Encoding.ASCII.GetString(signed.Query.WrittenSpan) : route.Query;

        // YARP streams the request body from HttpRequest.Body: hand it exactly the bytes that were signed.
        var hadBody = request.ContentLength is not null || request.Headers.TransferEncoding.Count > 0;
        var forwardedLength = isSigned ? signed.Body.Length : parts.BodyLength;
        request.Body = new MemoryStream(isSigned ? signed.Body.UnsafeArray : parts.BodyArray, 0, forwardedLength, writable: false);
        request.Headers.TransferEncoding = default;
        request.ContentLength = forwardedLength > 0 || hadBody ? forwardedLength : null;
        if (forwardedLength > 0)
        {
            // Kestrel decided "no body" from the bot's Content-Length: 0; the scheme may have added one (a nonce).
            context.Features.Set<IHttpRequestBodyDetectionFeature>(BodyPresent.Instance);
        }

        var plan = new ForwardingPlan
        {
            Target = UpstreamUri.Build(venue.UpstreamBase, route.Path, query),
            Scheme = venue.Scheme,
            Headers = signed.Headers,
            VenueName = venue.Name,
        };
        context.Features.Set(plan);

        if (isSigned && _audit is not null)
        {
            scope.SignedSha256 = Convert.ToHexStringLower(signed.SignedBytesSha256);
        }

        var started = _clock.GetTimestamp();
        var error = await _forwarder.SendAsync(context, venue.UpstreamBase, _client, _requestConfig, SigningTransformer.Instance);
        scope.LatencyMs = _clock.GetElapsedTime(started).TotalMilliseconds;
        var decision = isSigned ? "signed" : "forwarded";
        SetDecision(context, error == ForwarderError.None ? decision : "failed");
        if (error == ForwarderError.None)
        {
            var status = context.Response.StatusCode;
            Activity.Current?.SetTag("sidecar.upstream_status", status);
            if (plan.AuthFailureCode is { } authCode)
            {
                SidecarTelemetry.UpstreamAuthFailures.Add(1, new KeyValuePair<string, object?>("venue", venue.Name), new KeyValuePair<string, object?>("code", authCode));
                _alerts.Raise(AlertEvents.UpstreamAuthFailure, "critical", venue.Name,
                    $"the exchange rejected the key or signature for venue '{venue.Name}' (code {authCode}, HTTP {status}): check the key, its permissions and IP allow-list");
            }

            venue.Limits.ObserveUpstream(status, context.Response.Headers.RetryAfter);
            Log.Forwarded(_logger, request.Method, venue.Name, route.Path, signed.Access, status);
            scope.UpstreamStatus = status;
            // A 5xx may come after the exchange accepted the order (Binance: "execution status UNKNOWN").
            Record(scope, request.Method, decision, rule: null, outcome: status >= 500 ? UpstreamFailure.Unknown : "ok");
            return;
        }

        var failure = UpstreamFailure.Classify(error, context.GetForwarderErrorFeature()?.Exception);
        Log.UpstreamFailed(_logger, venue.Name, route.Path, error);
        Record(scope, request.Method, "failed", failure.Code, failure.Outcome);
        await ErrorResponse.WriteAsync(context, failure.Status, failure.Code, failure.Message(venue.Name, _requestConfig.ActivityTimeout, error));
    }

    private SignOutcome Sign(HttpRequest request, RouteMatch route, RequestParts parts, SignedRequest signed)
    {
        // The bot's values of the scheme's credential headers (timestamps, nonces it chose), without allocating.
        var names = route.Venue.Scheme.CredentialHeaders;
        var values = new CredentialHeaderBuffer();
        var count = Math.Min(names.Count, CredentialHeaderBuffer.Length);
        for (var i = 0; i < count; i++)
        {
            values[i] = request.Headers.TryGetValue(names[i], out var value) && value.Count == 1 ? value[0] : null;
        }

        var input = new SigningInput
        {
            CredentialHeaderValues = ((ReadOnlySpan<string?>)values)[..count],
            Method = request.Method,
            Path = parts.Path,
            Query = parts.Query,
            Body = parts.Body,
            BodyFormat = parts.BodyFormat,
            Host = route.Venue.SignedHost,
            UnixTimeMilliseconds = _clock.GetUtcNow().ToUnixTimeMilliseconds() + route.Venue.Clock.OffsetMilliseconds,
            Restamp = route.Venue.Clock.Restamp,
        };
        return SignWatched(request.HttpContext, route.Venue, input, signed);
    }

    private Task RefuseAsync(HttpContext context, int status, string code, string message, string? retryAfter = null, string? rule = null, AuditScope? audit = null)
    {
        Log.Refused(_logger, context.Request.Method, code, message);
        SetDecision(context, "refused");
        Activity.Current?.SetTag("sidecar.rule", rule ?? code);
        var venue = audit?.Venue ?? "-";
        if (code == ErrorCodes.PolicyDenied)
        {
            SidecarTelemetry.PolicyRefusals.Add(1, new KeyValuePair<string, object?>("venue", venue), new KeyValuePair<string, object?>("rule", rule ?? code));
            _alerts.CountRefusal(venue, rule ?? code);
            if (rule == "category withdrawal")
            {
                _alerts.Raise(AlertEvents.WithdrawalAttempt, "critical", venue,
                    $"a withdrawal through venue '{venue}' ({context.Request.Method} {audit?.Path}) was refused: the bot should never ask for one");
            }
        }
        else if (code == ErrorCodes.RateLimited)
        {
            SidecarTelemetry.RateLimitRefusals.Add(1, new KeyValuePair<string, object?>("venue", venue), new KeyValuePair<string, object?>("limit", rule ?? code));
        }

        if (audit is not null)
        {
            Record(audit, context.Request.Method, "refused", rule ?? code);
        }

        return ErrorResponse.WriteAsync(context, status, code, message, retryAfter);
    }

    private static void SetDecision(HttpContext context, string decision)
    {
        context.Features.GetRequiredFeature<RequestOutcome>().Decision = decision;
        Activity.Current?.SetTag("sidecar.decision", decision);
    }

    /// <summary>The venue and decision of a request, for its metrics, whatever path it took.</summary>
    private sealed class RequestOutcome
    {
        public string Venue { get; set; } = "-";

        public string Decision { get; set; } = "refused";
    }

    private void Record(AuditScope scope, string method, string decision, string? rule, string? outcome = null)
    {
        _audit?.TryAppend(new AuditRecord
        {
            Time = _clock.GetUtcNow(),
            Venue = scope.Venue,
            Method = method,
            Path = scope.Path,
            KeyLabel = scope.KeyLabel,
            Decision = decision,
            Rule = rule,
            Order = scope.Order,
            UpstreamStatus = scope.UpstreamStatus,
            LatencyMs = scope.LatencyMs,
            SignedSha256 = scope.SignedSha256,
            Outcome = outcome,
            Hsm = scope.Hsm,
        });
    }

    // The target without any query (raw or percent-encoded, as in ccxt's proxyUrl form): queries carry signatures.
    private static string PathOnly(string rawTarget)
    {
        var end = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var encoded = rawTarget.IndexOf("%3F", StringComparison.OrdinalIgnoreCase);
        if (encoded >= 0 && (end < 0 || encoded < end))
        {
            end = encoded;
        }

        var path = end < 0 ? rawTarget : rawTarget[..end];
        return path.Length > 256 ? path[..256] : path;
    }

    /// <summary>What the audit record of this request will say, gathered as the request goes through.</summary>
    private sealed class AuditScope(string venue, string path)
    {
        public string Venue { get; } = venue;

        public string Path { get; } = path;

        public string? KeyLabel { get; init; }

        public Signing.Policy.OrderFields? Order { get; set; }

        public int? UpstreamStatus { get; set; }

        public double? LatencyMs { get; set; }

        public string? SignedSha256 { get; set; }

        public string? Hsm { get; set; }
    }

    /// <summary>The request's bytes, in pooled arrays owned by <see cref="InvokeAsync"/>.</summary>
    private readonly record struct RequestParts(byte[] PathArray, int PathLength, byte[] QueryArray, int QueryLength, byte[] BodyArray, int BodyLength, BodyFormat BodyFormat)
    {
        public ReadOnlySpan<byte> Path => PathArray.AsSpan(0, PathLength);

        public ReadOnlySpan<byte> Query => QueryArray.AsSpan(0, QueryLength);

        public ReadOnlySpan<byte> Body => BodyArray.AsSpan(0, BodyLength);
    }

    [System.Runtime.CompilerServices.InlineArray(Length)]
    private struct CredentialHeaderBuffer
    {
        public const int Length = 16;

        private string? _first;
    }

    private sealed class BodyPresent : IHttpRequestBodyDetectionFeature
    {
        public static readonly BodyPresent Instance = new();

        public bool CanHaveBody => true;
    }

    private sealed class SignedRequestPolicy : PooledObjectPolicy<SignedRequest>
    {
        public override SignedRequest Create() => new();

        public override bool Return(SignedRequest obj)
        {
            obj.Reset();
            return true;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.RequestForwarded, LogLevel.Information, "{Method} {Venue} {Path} ({Access}) → {Status}")]
        public static partial void Forwarded(ILogger logger, string method, string venue, string path, EndpointAccess access, int status);

        [LoggerMessage(EventIds.RequestRefused, LogLevel.Warning, "Refused {Method}: {Code}: {Reason}")]
        public static partial void Refused(ILogger logger, string method, string code, string reason);

        [LoggerMessage(EventIds.HsmSignFailed, LogLevel.Error, "HSM could not sign for venue {Venue} with key {KeyLabel}: {Reason}. Nothing was forwarded.")]
        public static partial void HsmFailed(ILogger logger, string venue, string keyLabel, string reason);

        [LoggerMessage(EventIds.UpstreamFailed, LogLevel.Warning, "Upstream of venue {Venue} failed for {Path}: {Error}")]
        public static partial void UpstreamFailed(ILogger logger, string venue, string path, ForwarderError error);
    }
}
