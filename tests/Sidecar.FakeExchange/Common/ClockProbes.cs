using Microsoft.AspNetCore.Http;

namespace Sidecar.FakeExchange.Common;

/// <summary>
/// Sidecar's clock probe reads each venue's time endpoint at start-up and every minute, with its own User-Agent.
/// The fakes answer it like any public request but leave it out of their request journals, so tests count only
/// the requests a bot sent.
/// </summary>
public static class ClockProbes
{
    /// <summary>The User-Agent Sidecar's clock probe sends (Sidecar's ClockProbe.UserAgent).</summary>
    public const string UserAgent = "Sidecar-Clock/1";

    public static bool IsProbe(HttpRequest request) => request.Headers.UserAgent == UserAgent;
}
