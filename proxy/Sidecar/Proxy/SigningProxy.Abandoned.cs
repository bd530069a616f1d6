using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.ObjectPool;
using Sidecar.Signing;

namespace Sidecar.Proxy;

/// <summary>
/// Signs that hang in the HSM. The sign runs inline on the request thread (no Task per sign), registered as a
/// pooled <see cref="InFlightSign"/>. When the HSM's watchdog finds it older than <c>Hsm:SignTimeoutMs</c>, it
/// abandons it: the registration writes the 503 <c>hsm_unavailable</c> and completes the response right away,
/// while this request's thread is still inside the PKCS#11 call. When the call finally returns, the HSM layer
/// discards the late signature (<see cref="SignAbandonedException"/>), and this request only waits for the early
/// answer to be written, records the failure and ends. Nothing is forwarded.
/// </summary>
internal sealed partial class SigningProxy
{
    private readonly ObjectPool<WatchedSign> _watchedSigns =
        new DefaultObjectPool<WatchedSign>(new DefaultPooledObjectPolicy<WatchedSign>(), Environment.ProcessorCount * 16);

    private SignOutcome SignWatched(HttpContext context, Venue venue, SigningInput input, SignedRequest signed)
    {
        var watch = _watchedSigns.Get();
        watch.Begin(context, venue.Name);
        SignOutcome outcome;
        bool answered;
        try
        {
            outcome = venue.Scheme.Sign(input, venue.Credentials, signed);
        }
        finally
        {
            answered = !watch.End();
            if (answered)
            {
                // Kept (not pooled) until this request has waited for the early answer: see FinishAbandonedAsync.
                context.Features.Set(watch);
            }
            else
            {
                watch.Clear();
                _watchedSigns.Return(watch);
            }
        }

        // Defensive: a scheme that swallowed the abandonment must still not forward the late signature.
        return answered ? throw new SignAbandonedException($"venue '{venue.Name}': the sign was abandoned") : outcome;
    }

    /// <summary>
    /// Waits until the watchdog's early answer is written, then sets the failure as the request's outcome and
    /// releases the registration. Nothing more may be written.
    /// </summary>
    private async Task FinishAbandonedAsync(HttpContext context, ProxiedRequest state)
    {
        var watch = context.Features.Get<WatchedSign>()!;
        await watch.Answered;
        context.Features.Set<WatchedSign>(null);
        state.Outcome.SignAbandoned(watch.Reason ?? "the sign timed out");
        watch.Clear();
        _watchedSigns.Return(watch);
    }

    /// <summary>The pooled registration of one request's sign; answers the request when abandoned.</summary>
    private sealed class WatchedSign : InFlightSign
    {
        private HttpContext? _context;
        private string? _venue;

        public string? Reason { get; private set; }

        public void Begin(HttpContext context, string venue)
        {
            _context = context;
            _venue = venue;
            Reason = null;
            Begin();
        }

        public void Clear()
        {
            _context = null;
            _venue = null;
        }

        protected override async Task AnswerAbandonedAsync(string reason)
        {
            // Runs on the watchdog's thread while the request's thread is blocked in the HSM call, which does not
            // touch the context until this answer is complete (it awaits Answered first).
            var context = _context!;
            Reason = reason;

            // The request is still running here (its thread is in the HSM), so this connection reads nothing more
            // until the call returns: tell the client not to send its next request on it.
            context.Response.OnStarting(static response =>
            {
                ((HttpResponse)response).Headers.Connection = "close";
                return Task.CompletedTask;
            }, context.Response);
            await ErrorResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.HsmUnavailable,
                $"{reason} for venue '{_venue}'; nothing was forwarded");

            // Ends the response now (the final chunk), not when the stuck call returns.
            await context.Response.CompleteAsync();
        }
    }
}
