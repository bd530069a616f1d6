using System.Globalization;
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
    private readonly ObjectPool<ProxiedRequest> _requests =
        new DefaultObjectPool<ProxiedRequest>(new ProxiedRequest.Policy(), Environment.ProcessorCount * 16);

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

    /// <summary>
    /// The request's one asynchronous method: it awaits only the body read, the forward and the error answers.
    /// Routing, judging and signing are synchronous steps that leave their result in the pooled
    /// <see cref="ProxiedRequest"/>, so a request resumes one state machine, not a cascade of them.
    /// </summary>
    public async Task InvokeAsync(HttpContext context)
    {
        using var activity = SidecarTelemetry.Source.StartActivity("sidecar.request", ActivityKind.Server);
        var started = _clock.GetTimestamp();
        var state = _requests.Get();
        try
        {
            if (Admit(context, state, activity) == Step.Answer)
            {
                await state.WriteAnswerAsync(context);
                return;
            }

            Step step;
            try
            {
                var (buffer, length) = await RequestBody.ReadAsync(context.Request, _settings.MaxRequestBodyBytes, context.RequestAborted);
                step = BodyRead(context, state, buffer, length);
            }
            catch (Exception ex) when (ex is BadHttpRequestException or IOException)
            {
                // Kestrel found the body malformed or too slow (an overflowing chunk size is an IOException); it
                // closes the connection after this answer.
                step = Refuse(context, state, ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest, ErrorCodes.BadRequest,
                    "the request body is malformed or too slow: " + ex.Message);
            }

            if (step == Step.Continue)
            {
                step = JudgeAndSign(context, state);
            }

            if (step == Step.Answer)
            {
                await state.WriteAnswerAsync(context);
                return;
            }

            if (step == Step.Abandoned)
            {
                var watch = context.Features.Get<WatchedSign>()!;
                await watch.Answered;
                FinishAbandoned(context, state, watch);
                return;
            }

            var venue = state.Route.Venue;
            PrepareForward(context, state);
            var forwardStarted = _clock.GetTimestamp();
            var error = await _forwarder.SendAsync(context, venue.UpstreamBase, _client, _requestConfig, SigningTransformer.Instance);
            if (Forwarded(context, state, error, forwardStarted) == Step.Answer)
            {
                await state.WriteAnswerAsync(context);
            }
        }
        finally
        {
            var status = context.Response.StatusCode;
            activity?.SetTag("http.response.status_code", status);
            SidecarTelemetry.Requests.Add(1, new KeyValuePair<string, object?>("venue", state.VenueName), new KeyValuePair<string, object?>("decision", state.Decision), new KeyValuePair<string, object?>("status", StatusTag.Of(status)));
            SidecarTelemetry.RequestDuration.Record(_clock.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("venue", state.VenueName), new KeyValuePair<string, object?>("decision", state.Decision));

            // The pooled plan must not outlive the request in its features.
            context.Features.Set<ForwardingPlan>(null);
            _requests.Return(state);
        }
    }

    /// <summary>What a synchronous step left the request in.</summary>
    private enum Step
    {
        /// <summary>Go on to the next step.</summary>
        Continue,

        /// <summary>Write the answer the step set (<see cref="ProxiedRequest.Answer"/>) and stop.</summary>
        Answer,

        /// <summary>The watchdog answered while the sign hung: wait for that answer to be written, then stop.</summary>
        Abandoned,
    }

    /// <summary>Refuses what is not a proxiable request to a venue this peer may use; resolves the route.</summary>
    private Step Admit(HttpContext context, ProxiedRequest state, Activity? activity)
    {
        var request = context.Request;
        if (HttpMethods.IsConnect(request.Method))
        {
            return Refuse(context, state, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "CONNECT is refused: Sidecar is not a forward proxy");
        }

        if (MessageFraming.Check(request) is { } framing)
        {
            context.Response.Headers.Connection = "close";
            return Refuse(context, state, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, framing);
        }

        var peerUid = PeerCredentials.UidOf(context);
        if (_settings.AllowedUids.Count > 0 && (peerUid is null || !_settings.AllowedUids.Contains(peerUid.Value)))
        {
            return Refuse(context, state, StatusCodes.Status403Forbidden, ErrorCodes.PolicyDenied,
                $"peer uid {peerUid?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} is not in AllowedUids (rule: AllowedUids)");
        }

        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;

        // Read once: a reload swapping the table mid-request must not mix two configurations in one request.
        if (!RouteParser.TryParse(rawTarget, _venues.Current, out var route, out var routeError))
        {
            state.Audit.Open("-", PathOnly(rawTarget), keyLabel: null);
            return Refuse(context, state, routeError.Status, routeError.Code, routeError.Message);
        }

        state.Route = route;
        state.Audit.Open(route.Venue.Name, route.Path, route.Venue.Credentials.Key.Label);
        activity?.SetTag("sidecar.venue", route.Venue.Name);
        activity?.SetTag("sidecar.scheme", route.Venue.Scheme.Name);
        activity?.SetTag("sidecar.route_form", route.Form == RouteForm.ProxyUrl ? "proxyUrl" : "prefix");
        activity?.SetTag("url.path", route.Path);
        var venueUids = route.Venue.Definition.AllowedUids;
        if (venueUids.Count > 0 && (peerUid is null || !venueUids.Contains(peerUid.Value)))
        {
            return Refuse(context, state, StatusCodes.Status403Forbidden, ErrorCodes.PolicyDenied,
                $"peer uid {peerUid?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} may not use venue '{route.Venue.Name}' (rule: Venues:{route.Venue.Name}:AllowedUids)",
                rule: "AllowedUids");
        }

        return Step.Continue;
    }

    /// <summary>Keeps the body read into a pooled buffer; refuses one over the limit (length -1).</summary>
    private Step BodyRead(HttpContext context, ProxiedRequest state, byte[] buffer, int length)
    {
        state.SetBody(buffer, length);
        return length >= 0
            ? Step.Continue
            : Refuse(context, state, StatusCodes.Status413PayloadTooLarge, ErrorCodes.RequestTooLarge,
                $"the request body is larger than Limits:MaxRequestBodyBytes ({_settings.MaxRequestBodyBytes} bytes)");
    }

    /// <summary>Judges the request against the venue's scheme, policy and limits, then signs exactly what will be forwarded.</summary>
    private Step JudgeAndSign(HttpContext context, ProxiedRequest state)
    {
        var request = context.Request;
        var route = state.Route;
        var venue = route.Venue;
        var scope = state.Audit;
        state.SetTarget(request);
        if (!venue.Scheme.Accepts(state.BodyFormat))
        {
            return Refuse(context, state, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest,
                $"{venue.Scheme.Name} does not sign a body of type '{request.ContentType}'");
        }

        if (RequestCanonicalizer.Check(request, state.Query, state.Body, state.BodyFormat, _settings.AcceptAnyHost) is { } ambiguity)
        {
            return Refuse(context, state, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, ambiguity);
        }

        var access = venue.Scheme.Classify(request.Method, state.Path);
        var decision = venue.Policy.Evaluate(request.Method, state.Path, access);
        if (decision.Allowed)
        {
            Signing.Policy.OrderRead orders;
            try
            {
                orders = venue.Scheme.ReadOrders(request.Method, state.Path, state.Query, state.Body, state.BodyFormat);
            }
            catch (FormatException ex)
            {
                return Refuse(context, state, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "the order cannot be read: " + ex.Message);
            }

            scope.Order = orders.Orders.Count > 0 ? orders.Orders[0] : null;
            decision = venue.Policy.EvaluateOrders(orders);
            if (decision.Allowed && venue.Limits.Check(signed: access != EndpointAccess.Public, orders.PlacesOrders) is { } limited)
            {
                var seconds = Math.Max(1, (int)Math.Ceiling(limited.RetryAfter.TotalSeconds));
                return Refuse(context, state, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                    $"venue '{venue.Name}' is over its {limited.Rule} limit; retry after {seconds} s (Retry-After)",
                    seconds.ToString(CultureInfo.InvariantCulture), limited.Rule);
            }
        }

        if (!decision.Allowed)
        {
            return Refuse(context, state, StatusCodes.Status403Forbidden, ErrorCodes.PolicyDenied, $"{decision.Message} (rule: {decision.Rule})", rule: decision.Rule);
        }

        // Fail closed: no signature that could not be recorded.
        if (_audit is { FailClosed: true } audit && access != EndpointAccess.Public && !audit.CanRecord)
        {
            Log.Refused(_logger, request.Method, ErrorCodes.AuditUnavailable, audit.Failure ?? "the audit queue is full");
            state.Answer(StatusCodes.Status503ServiceUnavailable, ErrorCodes.AuditUnavailable,
                "the audit log cannot be written, so nothing is signed (Audit:FailClosed)");
            return Step.Answer;
        }

        SignOutcome outcome;
        var signStarted = _clock.GetTimestamp();
        using (var signActivity = SidecarTelemetry.Source.StartActivity("sidecar.hsm.sign"))
        {
            try
            {
                signActivity?.SetTag("sidecar.key", venue.Credentials.Key.Label);
                outcome = Sign(request, state);
                scope.Hsm = LastSignedBy;
            }
            catch (SigningKeyUnavailableException ex)
            {
                if (context.Features.Get<WatchedSign>() is not null)
                {
                    return Step.Abandoned;
                }

                signActivity?.SetStatus(ActivityStatusCode.Error, "hsm_unavailable");
                SidecarTelemetry.HsmErrors.Add(1, new KeyValuePair<string, object?>("result", ex is Pkcs11.HsmException hsm ? hsm.Result.ToString() : "unavailable"));
                return HsmFailed(context, state, ex);
            }
        }

        state.SignOutcome = outcome;
        if (outcome == SignOutcome.Signed)
        {
            SidecarTelemetry.SignDuration.Record(_clock.GetElapsedTime(signStarted).TotalMilliseconds, new KeyValuePair<string, object?>("venue", venue.Name));
        }

        if (outcome == SignOutcome.Rejected)
        {
            return Refuse(context, state, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, state.Signed.Error!);
        }

        if (outcome == SignOutcome.Signed)
        {
            _statistics.CountSign(venue.Name);
        }

        return Step.Continue;
    }

    private Step HsmFailed(HttpContext context, ProxiedRequest state, SigningKeyUnavailableException ex)
    {
        var venue = state.Route.Venue;
        SetDecision(state, "failed");
        Log.HsmFailed(_logger, venue.Name, venue.Credentials.Key.Label, ex.Message);
        Record(state.Audit, context.Request.Method, "failed", ErrorCodes.HsmUnavailable);
        state.Answer(StatusCodes.Status503ServiceUnavailable, ErrorCodes.HsmUnavailable,
            $"the HSM could not sign for venue '{venue.Name}'; nothing was forwarded");
        return Step.Answer;
    }

    /// <summary>Hands YARP exactly the bytes that were signed and the plan its transformer applies.</summary>
    private void PrepareForward(HttpContext context, ProxiedRequest state)
    {
        var request = context.Request;
        var route = state.Route;
        var venue = route.Venue;
        var signed = state.Signed;
        var isSigned = state.SignOutcome == SignOutcome.Signed;

        // The forwarded body is the plan's bytes, exactly what was signed: OneWriteBodyHandler swaps them in for
        // YARP's content. YARP's content would stream HttpRequest.Body, so the bot's own bytes are taken out of
        // its reach: were the swap ever missing, the forward would fail on the Content-Length below (502), never
        // send the bot's unsigned body.
        var hadBody = request.ContentLength is not null || request.Headers.TransferEncoding.Count > 0;
        var forwardedLength = isSigned ? signed.Body.Length : state.BodyLength;
        var forwarded = isSigned ? signed.Body.UnsafeArray : state.BodyArray;
        request.Body = Stream.Null;
        request.Headers.TransferEncoding = default;
        request.ContentLength = forwardedLength > 0 || hadBody ? forwardedLength : null;
        if (forwardedLength > 0)
        {
            // Kestrel decided "no body" from the bot's Content-Length: 0; the scheme may have added one (a nonce).
            context.Features.Set<IHttpRequestBodyDetectionFeature>(BodyPresent.Instance);
        }

        var target = isSigned
            ? UpstreamUri.Build(venue.UpstreamBase, route.Path, signed.Query.WrittenSpan)
            : UpstreamUri.Build(venue.UpstreamBase, route.Path, route.Query);
        state.Plan.Set(target, venue.Scheme, signed.Headers, venue.Name, forwarded.AsMemory(0, forwardedLength));
        context.Features.Set(state.Plan);

        if (isSigned && _audit is not null)
        {
            state.Audit.SignedSha256 = Convert.ToHexStringLower(signed.SignedBytesSha256);
        }
    }

    /// <summary>Records what the upstream answered, or sets the answer for a forward that failed.</summary>
    private Step Forwarded(HttpContext context, ProxiedRequest state, ForwarderError error, long forwardStarted)
    {
        var request = context.Request;
        var venue = state.Route.Venue;
        var scope = state.Audit;
        scope.LatencyMs = _clock.GetElapsedTime(forwardStarted).TotalMilliseconds;
        var decision = state.SignOutcome == SignOutcome.Signed ? "signed" : "forwarded";
        SetDecision(state, error == ForwarderError.None ? decision : "failed");
        if (error == ForwarderError.None)
        {
            var status = context.Response.StatusCode;
            TagOwnSpan("sidecar.upstream_status", StatusTag.Of(status));
            if (state.Plan.AuthFailureCode is { } authCode)
            {
                SidecarTelemetry.UpstreamAuthFailures.Add(1, new KeyValuePair<string, object?>("venue", venue.Name), new KeyValuePair<string, object?>("code", authCode));
                _alerts.Raise(AlertEvents.UpstreamAuthFailure, "critical", venue.Name,
                    $"the exchange rejected the key or signature for venue '{venue.Name}' (code {authCode}, HTTP {status}): check the key, its permissions and IP allow-list");
            }

            venue.Limits.ObserveUpstream(status, context.Response.Headers.RetryAfter);
            Log.Forwarded(_logger, request.Method, venue.Name, state.Route.Path, state.Signed.Access, status);
            scope.UpstreamStatus = status;
            // A 5xx may come after the exchange accepted the order (Binance: "execution status UNKNOWN").
            Record(scope, request.Method, decision, rule: null, outcome: status >= 500 ? UpstreamFailure.Unknown : "ok");
            return Step.Continue;
        }

        var failure = UpstreamFailure.Classify(error, context.GetForwarderErrorFeature()?.Exception);
        Log.UpstreamFailed(_logger, venue.Name, state.Route.Path, error);
        Record(scope, request.Method, "failed", failure.Code, failure.Outcome);
        state.Answer(failure.Status, failure.Code, failure.Message(venue.Name, _requestConfig.ActivityTimeout, error));
        return Step.Answer;
    }

    private SignOutcome Sign(HttpRequest request, ProxiedRequest state)
    {
        var route = state.Route;
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
            Path = state.Path,
            Query = state.Query,
            Body = state.Body,
            BodyFormat = state.BodyFormat,
            Host = route.Venue.SignedHost,
            UnixTimeMilliseconds = _clock.GetUtcNow().ToUnixTimeMilliseconds() + route.Venue.Clock.OffsetMilliseconds,
            Restamp = route.Venue.Clock.Restamp,
        };
        return SignWatched(request.HttpContext, route.Venue, input, state.Signed);
    }

    /// <summary>Logs, counts and records a refusal and sets its answer; nothing is signed or forwarded.</summary>
    private Step Refuse(HttpContext context, ProxiedRequest state, int status, string code, string message, string? retryAfter = null, string? rule = null)
    {
        Log.Refused(_logger, context.Request.Method, code, message);
        SetDecision(state, "refused");
        TagOwnSpan("sidecar.rule", rule ?? code);
        var audit = state.Audit;
        var venue = audit.Venue;
        if (code == ErrorCodes.PolicyDenied)
        {
            SidecarTelemetry.PolicyRefusals.Add(1, new KeyValuePair<string, object?>("venue", venue), new KeyValuePair<string, object?>("rule", rule ?? code));
            _alerts.CountRefusal(venue, rule ?? code);
            if (rule == "category withdrawal")
            {
                _alerts.Raise(AlertEvents.WithdrawalAttempt, "critical", venue,
                    $"a withdrawal through venue '{venue}' ({context.Request.Method} {(audit.IsOpen ? audit.Path : null)}) was refused: the bot should never ask for one");
            }
        }
        else if (code == ErrorCodes.RateLimited)
        {
            SidecarTelemetry.RateLimitRefusals.Add(1, new KeyValuePair<string, object?>("venue", venue), new KeyValuePair<string, object?>("limit", rule ?? code));
        }

        if (audit.IsOpen)
        {
            Record(audit, context.Request.Method, "refused", rule ?? code);
        }

        state.Answer(status, code, message, retryAfter);
        return Step.Answer;
    }

    private static void SetDecision(ProxiedRequest state, string decision)
    {
        state.Decision = decision;
        TagOwnSpan("sidecar.decision", decision);
    }

    /// <summary>
    /// Tags Sidecar's own span (sidecar.request, or sidecar.hsm.sign while signing), which exists when tracing is
    /// on. Without tracing, the current activity is ASP.NET Core's per-request one, which nothing exports: tagging
    /// it would only allocate, on every request.
    /// </summary>
    private static void TagOwnSpan(string name, object? value)
    {
        if (Activity.Current is { } current && current.Source == SidecarTelemetry.Source)
        {
            current.SetTag(name, value);
        }
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

    private static partial class Log
    {
        // Debug: the audit log is the per-request record; a console line per request costs a write and a logger-thread
        // wake-up on the hot path (issue #8). Refusals and failures stay at Warning and Error.
        [LoggerMessage(EventIds.RequestForwarded, LogLevel.Debug, "{Method} {Venue} {Path} ({Access}) → {Status}")]
        public static partial void Forwarded(ILogger logger, string method, string venue, string path, EndpointAccess access, int status);

        [LoggerMessage(EventIds.RequestRefused, LogLevel.Warning, "Refused {Method}: {Code}: {Reason}")]
        public static partial void Refused(ILogger logger, string method, string code, string reason);

        [LoggerMessage(EventIds.HsmSignFailed, LogLevel.Error, "HSM could not sign for venue {Venue} with key {KeyLabel}: {Reason}. Nothing was forwarded.")]
        public static partial void HsmFailed(ILogger logger, string venue, string keyLabel, string reason);

        [LoggerMessage(EventIds.UpstreamFailed, LogLevel.Warning, "Upstream of venue {Venue} failed for {Path}: {Error}")]
        public static partial void UpstreamFailed(ILogger logger, string venue, string path, ForwarderError error);
    }
}
