using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.ObjectPool;
using Sidecar.Audit;
using Sidecar.Signing;
using Sidecar.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace Sidecar.Proxy;

/// <summary>
/// The proxy listener's only handler. In order: admit the request and map it to a venue, read the body, judge it
/// (canonical form, the endpoint table, policy, order guards, rate limits), sign exactly the bytes to be forwarded,
/// forward through YARP. Each step either hands on to the next or ends the request by setting its
/// <see cref="RequestOutcome"/>; the outcome is then recorded once (<see cref="OutcomeRecorder"/>) and, for a
/// refusal or failure, answered here. A refused request is never signed and never forwarded; an HSM failure is a
/// 503, never an unsigned request.
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
    private readonly OutcomeRecorder _recorder;
    private readonly WebSockets.WebSocketRelay _relay;
    private readonly ObjectPool<ProxiedRequest> _requests =
        new DefaultObjectPool<ProxiedRequest>(new ProxiedRequest.Policy(), Environment.ProcessorCount * 16);

    public SigningProxy(VenueDirectory venues, IHttpForwarder forwarder, HttpMessageInvoker client, ProxySettings settings,
        TimeProvider clock, SigningStatistics statistics, AuditSink audit, OutcomeRecorder recorder, WebSockets.WebSocketRelay relay)
    {
        _relay = relay;
        _venues = venues;
        _forwarder = forwarder;
        _client = client;
        _settings = settings;
        _requestConfig = new ForwarderRequestConfig { ActivityTimeout = settings.UpstreamTimeout };
        _clock = clock;
        _statistics = statistics;
        _audit = audit.Log;
        _recorder = recorder;
    }

    /// <summary>
    /// The request's one asynchronous method: it awaits only the body read, the forward and the answer. Routing,
    /// judging and signing are synchronous steps that leave their result in the pooled <see cref="ProxiedRequest"/>,
    /// so a request resumes one state machine, not a cascade of them.
    /// </summary>
    public async Task InvokeAsync(HttpContext context)
    {
        using var activity = SidecarTelemetry.Source.StartActivity("sidecar.request", ActivityKind.Server);
        var started = _clock.GetTimestamp();
        var state = _requests.Get();
        var stages = state.Stages = RequestStages.Timing.Start(context);
        state.Signed.DigestsSignedBytes = _audit is not null;
        var recorded = false;
        try
        {
            var step = Admit(context, state, activity);
            stages?.Mark(RequestStages.Admitted);
            if (step == Step.Continue && (context.WebSockets.IsWebSocketRequest || state.Route.Venue.IsWebSocket))
            {
                step = await UpgradeAsync(context, state);
            }

            if (step == Step.Continue)
            {
                step = await ReadBodyAsync(context, state);
                stages?.Mark(RequestStages.BodyRead);
            }

            if (step == Step.Continue)
            {
                step = JudgeAndSign(context, state);
            }

            if (step == Step.Continue)
            {
                step = WriteAhead(context, state);
            }

            if (step == Step.Continue)
            {
                step = await ForwardAsync(context, state);
            }

            if (step == Step.Abandoned)
            {
                await FinishAbandonedAsync(context, state);
            }

            var answered = step == Step.Answer ? state.Outcome.Status : context.Response.StatusCode;
            _recorder.Record(state, context.Request.Method, answered, activity, started);
            recorded = true;
            stages?.Mark(RequestStages.Recorded);
            if (step == Step.Answer)
            {
                await state.WriteAnswerAsync(context);
            }
        }
        finally
        {
            if (!recorded)
            {
                _recorder.Record(state, context.Request.Method, context.Response.StatusCode, activity, started);
            }

            _requests.Return(state);
        }
    }

    /// <summary>What a step left the request in.</summary>
    private enum Step
    {
        /// <summary>Go on to the next step.</summary>
        Continue,

        /// <summary>The outcome is set and Sidecar answers it itself (a refusal or a failure).</summary>
        Answer,

        /// <summary>The exchange's answer (or YARP's) went to the bot; the outcome is set.</summary>
        Done,

        /// <summary>The watchdog answered while the sign hung: wait for that answer to be written, then stop.</summary>
        Abandoned,
    }

    /// <summary>Refuses what is not a proxiable request to a venue this peer may use; resolves the route.</summary>
    private Step Admit(HttpContext context, ProxiedRequest state, Activity? activity)
    {
        var request = context.Request;
        if (HttpMethods.IsConnect(request.Method))
        {
            return Refuse(state, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "CONNECT is refused: Sidecar is not a forward proxy");
        }

        if (MessageFraming.Check(request) is { } framing)
        {
            context.Response.Headers.Connection = "close";
            return Refuse(state, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, framing);
        }

        var peerUid = PeerCredentials.UidOf(context);
        if (_settings.AllowedUids.Count > 0 && (peerUid is null || !_settings.AllowedUids.Contains(peerUid.Value)))
        {
            return Refuse(state, StatusCodes.Status403Forbidden, ErrorCodes.PolicyDenied,
                $"peer uid {peerUid?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} is not in AllowedUids (rule: AllowedUids)");
        }

        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;

        // Read once: a reload swapping the table mid-request must not mix two configurations in one request.
        if (!RouteParser.TryParse(rawTarget, _venues.Current, out var route, out var routeError, request))
        {
            state.Audit.Open("-", PathOnly(rawTarget), keyLabel: null);
            return Refuse(state, routeError.Status, routeError.Code, routeError.Message);
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
            return Refuse(state, StatusCodes.Status403Forbidden, ErrorCodes.PolicyDenied,
                $"peer uid {peerUid?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} may not use venue '{route.Venue.Name}' (rule: Venues:{route.Venue.Name}:AllowedUids)",
                rule: "AllowedUids");
        }

        return Step.Continue;
    }

    /// <summary>
    /// A WebSocket venue takes upgrades only, with a loopback Host and no <c>Origin</c> (a browser page must not reach
    /// the keys), named in the path (<c>/{venue}/{path}</c>) or by one of its <c>Hosts</c> in the prefixed form
    /// (<c>/wss://{host}/{path}</c>); the relay then serves the connection until it ends.
    /// </summary>
    private async ValueTask<Step> UpgradeAsync(HttpContext context, ProxiedRequest state)
    {
        var request = context.Request;
        var route = state.Route;
        var venue = route.Venue;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Refuse(state, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest,
                $"venue '{venue.Name}' is a WebSocket venue: connect to it with a WebSocket upgrade (ws://…/{venue.Name}/…)");
        }

        if (!venue.IsWebSocket)
        {
            return Refuse(state, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest,
                $"venue '{venue.Name}' is a REST venue; a WebSocket goes to a venue whose Upstream is wss://");
        }

        if (request.Headers.Origin.Count > 0)
        {
            return Refuse(state, StatusCodes.Status403Forbidden, ErrorCodes.PolicyDenied,
                "a WebSocket upgrade with an Origin header is refused: a browser page must not reach the keys (rule: Origin)", rule: "Origin");
        }

        if (RequestCanonicalizer.CheckHost(request, _settings.AcceptAnyHost) is { } hostProblem)
        {
            return Refuse(state, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, hostProblem);
        }

        var opened = _clock.GetTimestamp();
        if (await _relay.RelayAsync(context, route) is { } refusal)
        {
            return Refuse(state, refusal.Status, refusal.Code, refusal.Message);
        }

        // The connection is over: one record of it, as a forwarded request. The upgrade carries nothing of the key's;
        // its frames are written ahead, each with its own records.
        state.Outcome.Forwarded(signed: false, StatusCodes.Status101SwitchingProtocols, _clock.GetElapsedTime(opened).TotalMilliseconds, authFailureCode: null);
        return Step.Done;
    }

    /// <summary>Reads the body into a pooled buffer; refuses one over the limit, malformed or too slow.</summary>
    private async ValueTask<Step> ReadBodyAsync(HttpContext context, ProxiedRequest state)
    {
        try
        {
            var (buffer, length) = await RequestBody.ReadAsync(context.Request, _settings.MaxRequestBodyBytes, context.RequestAborted);
            state.SetBody(buffer, length);
            return length >= 0
                ? Step.Continue
                : Refuse(state, StatusCodes.Status413PayloadTooLarge, ErrorCodes.RequestTooLarge,
                    $"the request body is larger than Limits:MaxRequestBodyBytes ({_settings.MaxRequestBodyBytes} bytes)");
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException)
        {
            // Kestrel found the body malformed or too slow (an overflowing chunk size is an IOException); it closes
            // the connection after this answer.
            return Refuse(state, ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest, ErrorCodes.BadRequest,
                "the request body is malformed or too slow: " + ex.Message);
        }
    }

    /// <summary>Judges the request against the venue's scheme, endpoint table, policy and limits, then signs exactly what will be forwarded.</summary>
    private Step JudgeAndSign(HttpContext context, ProxiedRequest state)
    {
        var request = context.Request;
        var venue = state.Route.Venue;
        state.SetTarget(request);
        if (!venue.Scheme.Accepts(state.BodyFormat))
        {
            return Refuse(state, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest,
                $"{venue.Scheme.Name} does not sign a body of type '{request.ContentType}'");
        }

        if (RequestCanonicalizer.Check(request, state.Query, state.Body, state.BodyFormat, _settings.AcceptAnyHost) is { } ambiguity)
        {
            return Refuse(state, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, ambiguity);
        }

        state.Stages?.Mark(RequestStages.Checked);

        // The one lookup of this request in the exchange's table: policy, order guards, limits and the scheme read it.
        var endpoint = venue.Exchange.Endpoints.Find(request.Method, state.Path);
        state.Endpoint = endpoint;
        var decision = venue.Policy.Evaluate(request.Method, state.Path, endpoint);
        var orders = Signing.Policy.OrderRead.None;
        if (decision.Allowed)
        {
            try
            {
                orders = endpoint.ReadOrders(state.Query, state.Body, state.BodyFormat);
            }
            catch (FormatException ex)
            {
                return Refuse(state, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "the order cannot be read: " + ex.Message);
            }

            state.Audit.Order = orders.Orders.Count > 0 ? orders.Orders[0] : null;
            decision = venue.Policy.EvaluateOrders(orders);
            if (decision.Allowed && venue.Reconciles)
            {
                orders = AddClientOrderId(state, venue, endpoint, orders);
            }

            if (decision.Allowed && venue.Limits.Check(endpoint, orders, state.Path, state.Query, state.Body, out state.Admission) is { } limited)
            {
                var seconds = Math.Max(1, (int)Math.Ceiling(limited.RetryAfter.TotalSeconds));
                return Refuse(state, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                    $"venue '{venue.Name}' is over its {limited.Rule} limit; retry after {seconds} s (Retry-After)",
                    seconds.ToString(CultureInfo.InvariantCulture), limited.Rule);
            }
        }

        if (!decision.Allowed)
        {
            return Refuse(state, StatusCodes.Status403Forbidden, ErrorCodes.PolicyDenied, $"{decision.Message} (rule: {decision.Rule})", rule: decision.Rule);
        }

        // Fail closed: no signature while the log cannot be written (its intent record could not be either).
        if (_audit is { FailClosed: true } audit && endpoint.Access != EndpointAccess.Public && !audit.CanRecord)
        {
            return Refuse(state, StatusCodes.Status503ServiceUnavailable, ErrorCodes.AuditUnavailable,
                "the audit log cannot be written, so nothing is signed (Audit:FailClosed)", detail: audit.Failure ?? "the audit queue is full");
        }

        if (venue.Reconciles)
        {
            // Before the exchange can list them: a reconcile poll never sees an order Sidecar signed as unknown.
            venue.Orders.RecordSigned(orders);
        }

        state.Stages?.Mark(RequestStages.Judged);
        return Sign(context, state);
    }

    /// <summary>
    /// Write-ahead: the request's intent record is in the file before its bytes leave. With FailClosed, a request that
    /// acts on the account is not sent when its record could not be written: its signature is dropped unused.
    /// </summary>
    private Step WriteAhead(HttpContext context, ProxiedRequest state)
    {
        if (_recorder.RecordIntent(state, context.Request.Method) || _audit is not { FailClosed: true } audit || state.Endpoint.Access == EndpointAccess.Public)
        {
            return Step.Continue;
        }

        return Refuse(state, StatusCodes.Status503ServiceUnavailable, ErrorCodes.AuditUnavailable,
            "the audit log cannot be written, so nothing is forwarded (Audit:FailClosed)", detail: audit.Failure ?? "the audit record could not be written");
    }

    /// <summary>
    /// Adds a client order id (<c>Reconcile:ClientOrderIdPrefix</c> and random characters) to a single form-encoded
    /// order the bot sent without one, where the exchange takes one: the order is then recognised at the exchange
    /// even when its answer never comes back.
    /// </summary>
    private static Signing.Policy.OrderRead AddClientOrderId(ProxiedRequest state, Venue venue, Signing.Policy.ExchangeEndpoint endpoint, Signing.Policy.OrderRead orders)
    {
        if (orders.Orders.Count != 1 || orders.Orders[0].ClientOrderId is not null || state.BodyFormat is not (BodyFormat.Form or BodyFormat.None)
            || venue.Exchange.OrderHistory.ClientOrderId(endpoint) is not { } parameter)
        {
            return orders;
        }

        var id = Reconcile.ClientOrderIds.New(venue.Definition.Reconcile.ClientOrderIdPrefix, parameter.MaxLength);
        state.AppendParameter(parameter.Name, id);
        var order = orders.Orders[0] with { ClientOrderId = id };
        state.Audit.Order = order;
        return Signing.Policy.OrderRead.Of(order);
    }

    /// <summary>Signs in the HSM (or passes a public request through) and records what was signed, by which HSM.</summary>
    private Step Sign(HttpContext context, ProxiedRequest state)
    {
        var venue = state.Route.Venue;
        SignOutcome outcome;
        var signStarted = _clock.GetTimestamp();
        using (var signActivity = SidecarTelemetry.Source.StartActivity("sidecar.hsm.sign"))
        {
            try
            {
                signActivity?.SetTag("sidecar.key", venue.Credentials.Key.Label);
                outcome = SignWatched(context, venue, Input(context.Request, state), state.Signed);
            }
            catch (SigningKeyUnavailableException ex)
            {
                if (context.Features.Get<WatchedSign>() is not null)
                {
                    return Step.Abandoned;
                }

                signActivity?.SetStatus(ActivityStatusCode.Error, ErrorCodes.HsmUnavailable);
                state.Outcome.HsmFailed($"the HSM could not sign for venue '{venue.Name}'; nothing was forwarded", ex.Message,
                    ex is Pkcs11.HsmException hsm ? hsm.Result.ToString() : "unavailable");
                return Step.Answer;
            }
        }

        state.SignOutcome = outcome;
        state.Stages?.Mark(RequestStages.Signed);
        if (outcome == SignOutcome.Rejected)
        {
            return Refuse(state, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, state.Signed.Error!);
        }

        if (outcome == SignOutcome.Signed)
        {
            SidecarTelemetry.SignDuration.Record(_clock.GetElapsedTime(signStarted).TotalMilliseconds, new TagList { { "venue", venue.Name } });
            _statistics.CountSign(venue.Name);
            state.Audit.Hsm = state.Signed.SignedBy;
            if (_audit is not null)
            {
                state.Audit.SignedSha256 = Convert.ToHexStringLower(state.Signed.SignedBytesSha256);
            }
        }

        return Step.Continue;
    }

    /// <summary>The request as the scheme signs it: the bytes to forward, the endpoint it matched, the venue's clock.</summary>
    private SigningInput Input(HttpRequest request, ProxiedRequest state)
    {
        var venue = state.Route.Venue;

        // The bot's values of the scheme's credential headers (timestamps, nonces it chose), without allocating.
        var names = venue.Scheme.CredentialHeaders;
        var count = Math.Min(names.Count, state.CredentialHeaders.Length);
        for (var i = 0; i < count; i++)
        {
            state.CredentialHeaders[i] = request.Headers.TryGetValue(names[i], out var value) && value.Count == 1 ? value[0] : null;
        }

        return new SigningInput
        {
            CredentialHeaderValues = state.CredentialHeaders.AsSpan(0, count),
            Method = request.Method,
            Path = state.Path,
            Endpoint = state.Endpoint,
            Query = state.Query,
            Body = state.Body,
            BodyFormat = state.BodyFormat,
            Host = venue.SignedHost,
            UnixTimeMilliseconds = _clock.GetUtcNow().ToUnixTimeMilliseconds() + venue.Clock.OffsetMilliseconds,
            Restamp = venue.Clock.Restamp,
        };
    }

    /// <summary>Hands YARP the plan (exactly the bytes that were signed) and records the exchange's answer or the failure.</summary>
    private async ValueTask<Step> ForwardAsync(HttpContext context, ProxiedRequest state)
    {
        var venue = state.Route.Venue;
        PrepareForward(context, state);
        state.Stages?.Mark(RequestStages.Prepared);
        var forwardStarted = _clock.GetTimestamp();
        var error = await _forwarder.SendAsync(context, venue.UpstreamBase, _client, _requestConfig, state.Plan);
        state.Stages?.Mark(RequestStages.Relayed);
        var latency = _clock.GetElapsedTime(forwardStarted).TotalMilliseconds;
        if (error == ForwarderError.None)
        {
            var status = context.Response.StatusCode;
            venue.Limits.ObserveUpstream(status, context.Response.Headers.RetryAfter);
            state.Plan.RecordPlacedOrders();
            state.Outcome.Forwarded(state.SignOutcome == SignOutcome.Signed, status, latency, state.Plan.AuthFailureCode);
            return Step.Done;
        }

        var failure = UpstreamFailure.Classify(error, context.GetForwarderErrorFeature()?.Exception);
        state.Outcome.UpstreamFailed(failure, failure.Message(venue.Name, _requestConfig.ActivityTimeout, error), error, latency);
        return Step.Answer;
    }

    /// <summary>Puts exactly the bytes that were signed, and nothing of the bot's, where YARP will send them.</summary>
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
        state.Plan.Set(target, venue.Scheme, signed.Headers, venue.Name, forwarded.AsMemory(0, forwardedLength), state.Stages);
        state.Plan.Govern(venue.Limits.Governor, state.Admission);
        if (isSigned && venue.Reconciles && state.Endpoint.Orders is not null)
        {
            state.Plan.RecordPlacedOrders(venue.Orders, venue.Exchange.OrderHistory, state.Endpoint);
        }
        if (state.Endpoint.Answers is { } answers)
        {
            // A token in the answer stays with Sidecar; a WebSocket address in it points back at Sidecar.
            var table = _venues.Current;
            var origin = "ws://" + request.Host.Value;
            state.Plan.RewriteAnswers(answers, new Signing.Policy.AnswerContext(venue.Credentials, venue.Policy.HasOrderGuards || venue.Definition.Limits.OrdersPer10Seconds > 0,
                url => table.WebSocketUrlFor(url, origin)));
        }
    }

    /// <summary>Ends the request with a refusal: nothing is signed or forwarded.</summary>
    private static Step Refuse(ProxiedRequest state, int status, string code, string message, string? retryAfter = null, string? rule = null, string? detail = null)
    {
        state.Outcome.Refuse(status, code, message, rule, retryAfter, detail);
        return Step.Answer;
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

    private sealed class BodyPresent : IHttpRequestBodyDetectionFeature
    {
        public static readonly BodyPresent Instance = new();

        public bool CanHaveBody => true;
    }
}
