namespace Sidecar.Signing.WebSockets;

/// <summary>
/// One exchange's WebSocket API as Sidecar sees it: which methods a bot's frames call (an <see cref="EndpointTable"/>
/// whose rows use the pseudo-method <c>WS</c> and the frame's method as path, e.g. <c>WS /order.place</c>, so the
/// same profiles, categories, order guards and Allow/Deny rules apply as over REST), and a session per connection
/// that reads, rewrites and signs the bot's frames. Lives in the exchange's folder; an exchange without WebSocket
/// support says why (<see cref="Unsupported"/>).
/// </summary>
public abstract class WebSocketAdapter
{
    /// <summary>The pseudo HTTP method of WebSocket frames in endpoint tables and Allow/Deny rules.</summary>
    public const string FrameMethod = "WS";

    /// <summary>Why the exchange has no WebSocket support in Sidecar; null when it has.</summary>
    public virtual string? UnsupportedReason => null;

    /// <summary>The exchange's WebSocket methods by category, from its docs.</summary>
    public abstract EndpointTable Methods { get; }

    /// <summary>A frame this exchange's session rebuilds and signs, for the benchmarks; null when none is kept here.</summary>
    public virtual SampleFrame? SampleSignedFrame => null;

    /// <summary>A session for one bot connection to <paramref name="context"/>'s upstream path.</summary>
    public abstract WebSocketSession Open(WebSocketSessionContext context);

    /// <summary>An exchange without WebSocket support in Sidecar, and why.</summary>
    public static WebSocketAdapter Unsupported(string reason) => new UnsupportedAdapter(reason);

    private sealed class UnsupportedAdapter(string reason) : WebSocketAdapter
    {
        public override string? UnsupportedReason => reason;

        public override EndpointTable Methods { get; } = new();

        public override WebSocketSession Open(WebSocketSessionContext context) => throw new InvalidOperationException(reason);
    }
}

/// <summary>What a session knows of its connection: the venue's scheme and credentials, and the upstream path.</summary>
public sealed record WebSocketSessionContext(SigningScheme Scheme, VenueCredentials Credentials, string UpstreamPath);
