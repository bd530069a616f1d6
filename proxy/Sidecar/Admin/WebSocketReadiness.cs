using System.Text.Json;
using Sidecar.WebSockets;

namespace Sidecar.Admin;

/// <summary>
/// The WebSocket connections open now (<c>"websockets"</c> in <c>/readyz</c>), so an operator can see what a drain
/// will close (1001, going away). Never makes the sidecar unready.
/// </summary>
internal sealed class WebSocketReadiness(WebSocketRelay relay) : IReadinessCheck
{
    public string Name => "websockets";

    public bool Ready => true;

    public void WriteDetails(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("open", relay.Open);
        json.WriteEndObject();
    }
}
