using System.Net.Http;
using System.Security.Authentication;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Sidecar.Proxy;

/// <summary>
/// What a failed forward means for the bot and for the audit log. The outcome says whether the exchange may have
/// acted on the request: <c>not_sent</c> only when the failure happened before a byte of the request could leave
/// (no connection, or a certificate that did not verify); <c>unknown</c> otherwise (reset, time-out), because an
/// order may have been placed. Sidecar never re-sends a request after any of these.
/// </summary>
internal readonly record struct UpstreamFailure(int Status, string Code, string Outcome)
{
    public const string NotSent = "not_sent";
    public const string Unknown = "unknown";

    public static UpstreamFailure Classify(ForwarderError error, Exception? exception)
    {
        if (error == ForwarderError.RequestTimedOut)
        {
            return new(StatusCodes.Status504GatewayTimeout, ErrorCodes.UpstreamTimeout, Unknown);
        }

        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } || exception?.InnerException is AuthenticationException)
        {
            return new(StatusCodes.Status502BadGateway, ErrorCodes.UpstreamTls, NotSent);
        }

        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
        {
            return new(StatusCodes.Status502BadGateway, ErrorCodes.UpstreamUnavailable, NotSent);
        }

        return new(StatusCodes.Status502BadGateway, ErrorCodes.UpstreamUnavailable, Unknown);
    }

    public string Message(string venue, TimeSpan? timeout, ForwarderError error) => Code switch
    {
        ErrorCodes.UpstreamTimeout => $"venue '{venue}' did not answer within {timeout?.TotalMilliseconds:0} ms; the request was not re-sent and its outcome is unknown",
        ErrorCodes.UpstreamTls => $"the TLS certificate of venue '{venue}' did not verify; nothing was sent",
        _ when Outcome == NotSent => $"venue '{venue}' could not be reached ({error}); nothing was sent",
        _ => $"venue '{venue}' broke the connection ({error}); the request was not re-sent and its outcome is unknown",
    };
}
