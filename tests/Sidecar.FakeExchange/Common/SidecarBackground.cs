namespace Sidecar.FakeExchange.Common;

/// <summary>
/// The requests Sidecar sends on its own, each with its own User-Agent: the clock probe (each venue's time endpoint,
/// at start-up and every minute), the read of the exchange's published limits (Binance exchangeInfo, at start-up and
/// hourly) and the reconcile poll (the account's orders, every interval). The fakes answer them like any request
/// and count them against their limits, but leave them out of their request journals, so tests count only the
/// requests a bot sent.
/// </summary>
public static class SidecarBackground
{
    /// <summary>Sidecar's ClockProbe.UserAgent.</summary>
    public const string ClockUserAgent = "Sidecar-Clock/1";

    /// <summary>Sidecar's PublishedLimits.UserAgent.</summary>
    public const string LimitsUserAgent = "Sidecar-Limits/1";

    /// <summary>Sidecar's Reconciler.UserAgent.</summary>
    public const string ReconcileUserAgent = "Sidecar-Reconcile/1";

    public static bool IsBackground(HttpRequest request) =>
        request.Headers.UserAgent.ToString() is ClockUserAgent or LimitsUserAgent or ReconcileUserAgent;

    public static bool IsReconcile(HttpRequest request) => request.Headers.UserAgent == ReconcileUserAgent;
}
