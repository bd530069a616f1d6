using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;
using Sidecar.Signing;
using Yarp.ReverseProxy.Forwarder;

using Sidecar.Logging;

namespace Sidecar.Proxy;

/// <summary>
/// The proxy listener's only handler: map the request to a venue, read the body, sign exactly the bytes to be
/// forwarded, forward through YARP. Anything refused is answered here and never forwarded; an HSM failure is a
/// 503, never an unsigned request.
/// </summary>
internal sealed partial class SigningProxy
{
    private readonly VenueTable _venues;
    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _client;
    private readonly ForwarderRequestConfig _requestConfig;
    private readonly int _maxBodyBytes;
    private readonly TimeProvider _clock;
    private readonly HsmHealth _hsmHealth;
    private readonly ILogger _logger;
    private readonly ObjectPool<SignedRequest> _signedRequests =
        new DefaultObjectPool<SignedRequest>(new SignedRequestPolicy(), Environment.ProcessorCount * 16);

    public SigningProxy(VenueTable venues, IHttpForwarder forwarder, HttpMessageInvoker client, ProxySettings settings,
        TimeProvider clock, HsmHealth hsmHealth, ILogger<SigningProxy> logger)
    {
        _venues = venues;
        _forwarder = forwarder;
        _client = client;
        _maxBodyBytes = settings.MaxRequestBodyBytes;
        _requestConfig = new ForwarderRequestConfig { ActivityTimeout = settings.UpstreamTimeout };
        _clock = clock;
        _hsmHealth = hsmHealth;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsConnect(request.Method))
        {
            await ErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "CONNECT is refused: Sidecar is not a forward proxy");
            return;
        }

        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        if (!RouteParser.TryParse(rawTarget, _venues, out var route, out var routeError))
        {
            Log.Refused(_logger, request.Method, routeError.Code, routeError.Message);
            await ErrorResponse.WriteAsync(context, routeError.Status, routeError.Code, routeError.Message);
            return;
        }

        var (body, bodyLength) = await RequestBody.ReadAsync(request, _maxBodyBytes, context.RequestAborted);
        if (bodyLength < 0)
        {
            Log.Refused(_logger, request.Method, ErrorCodes.RequestTooLarge, route.Venue.Name);
            await ErrorResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorCodes.RequestTooLarge,
                $"the request body is larger than Limits:MaxRequestBodyBytes ({_maxBodyBytes} bytes)");
            return;
        }

        var signed = _signedRequests.Get();
        try
        {
            await SignAndForwardAsync(context, route, body, bodyLength, signed);
        }
        finally
        {
            _signedRequests.Return(signed);
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    private async Task SignAndForwardAsync(HttpContext context, RouteMatch route, byte[] body, int bodyLength, SignedRequest signed)
    {
        var request = context.Request;
        var venue = route.Venue;
        SignOutcome outcome;
        try
        {
            outcome = Sign(request, route, body.AsSpan(0, bodyLength), signed);
        }
        catch (SigningKeyUnavailableException ex)
        {
            _hsmHealth.ReportFailure(ex.Message);
            Log.HsmFailed(_logger, venue.Name, venue.Credentials.Key.Label, ex.Message);
            await ErrorResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.HsmUnavailable,
                $"the HSM could not sign for venue '{venue.Name}'; nothing was forwarded");
            return;
        }

        if (outcome == SignOutcome.Rejected)
        {
            Log.Refused(_logger, request.Method, ErrorCodes.BadRequest, signed.Error!);
            await ErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, signed.Error!);
            return;
        }

        if (outcome == SignOutcome.Signed)
        {
            _hsmHealth.ReportSuccess();
        }

        var query = outcome == SignOutcome.Signed ? Encoding.ASCII.GetString(signed.Query.WrittenSpan) : route.Query;
        var forwardedBody = outcome == SignOutcome.Signed ? signed.Body.UnsafeArray : body;
        var forwardedLength = outcome == SignOutcome.Signed ? signed.Body.Length : bodyLength;

        // YARP streams the request body from HttpRequest.Body: hand it exactly the bytes that were signed.
        var hadBody = request.ContentLength is not null || request.Headers.TransferEncoding.Count > 0;
        request.Body = new MemoryStream(forwardedBody, 0, forwardedLength, writable: false);
        request.Headers.TransferEncoding = default;
        request.ContentLength = forwardedLength > 0 || hadBody ? forwardedLength : null;

        context.Features.Set(new ForwardingPlan
        {
            Target = UpstreamUri.Build(venue.UpstreamBase, route.Path, query),
            Scheme = venue.Scheme,
            Headers = signed.Headers,
        });

        var error = await _forwarder.SendAsync(context, venue.UpstreamBase, _client, _requestConfig, SigningTransformer.Instance);
        if (error == ForwarderError.None)
        {
            Log.Forwarded(_logger, request.Method, venue.Name, route.Path, signed.Access, context.Response.StatusCode);
            return;
        }

        var timedOut = error == ForwarderError.RequestTimedOut;
        Log.UpstreamFailed(_logger, venue.Name, route.Path, error);
        await ErrorResponse.WriteAsync(context,
            timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway,
            timedOut ? ErrorCodes.UpstreamTimeout : ErrorCodes.UpstreamUnavailable,
            timedOut
                ? $"venue '{venue.Name}' did not answer within {_requestConfig.ActivityTimeout?.TotalMilliseconds:0} ms"
                : $"venue '{venue.Name}' could not be reached ({error})");
    }

    private SignOutcome Sign(HttpRequest request, RouteMatch route, ReadOnlySpan<byte> body, SignedRequest signed)
    {
        // Path and query were checked to be printable ASCII by RouteParser, so one byte per char.
        var pathBytes = ArrayPool<byte>.Shared.Rent(route.Path.Length);
        var queryBytes = ArrayPool<byte>.Shared.Rent(route.Query.Length);
        try
        {
            var pathLength = Encoding.ASCII.GetBytes(route.Path, pathBytes);
            var queryLength = Encoding.ASCII.GetBytes(route.Query, queryBytes);
            var input = new SigningInput
            {
                Method = request.Method,
                Path = pathBytes.AsSpan(0, pathLength),
                Query = queryBytes.AsSpan(0, queryLength),
                Body = body,
                BodyFormat = RequestBody.FormatOf(request, body.Length),
                Host = route.Venue.SignedHost,
                UnixTimeMilliseconds = _clock.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            return route.Venue.Scheme.Sign(input, route.Venue.Credentials, signed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pathBytes);
            ArrayPool<byte>.Shared.Return(queryBytes);
        }
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
