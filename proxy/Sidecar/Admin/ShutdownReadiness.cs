using System.Text.Json;

namespace Sidecar.Admin;

/// <summary>
/// Unready from SIGTERM on (<c>"shutdown"</c> in <c>/readyz</c>). The proxy listener closes at once and the requests
/// in flight drain for up to <c>Limits:ShutdownTimeoutMs</c>; the admin listener stays up through the drain, so
/// without this check <c>/readyz</c> would still answer 200 for a sidecar that accepts no new connection.
/// </summary>
internal sealed class ShutdownReadiness(CancellationToken stopping) : IReadinessCheck
{
    public string Name => "shutdown";

    public bool Ready => !stopping.IsCancellationRequested;

    public void WriteDetails(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteBoolean("draining", stopping.IsCancellationRequested);
        json.WriteEndObject();
    }
}
