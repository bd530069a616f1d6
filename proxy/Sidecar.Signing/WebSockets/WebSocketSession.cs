namespace Sidecar.Signing.WebSockets;

/// <summary>
/// One bot connection's state on an exchange's WebSocket API. The relay calls, for every complete text message
/// from the bot: <see cref="TryRead"/> (what does it call?), then, if the venue's policy allows it,
/// <see cref="Rewrite"/> (the bytes to forward, signed in the HSM where the exchange wants a signature); a refused
/// frame is answered with <see cref="WriteError"/> in the exchange's own envelope, and never forwarded. Sessions are
/// used by one connection at a time and must not allocate per frame on the signing path.
/// </summary>
public abstract class WebSocketSession
{
    /// <summary>
    /// Reads <paramref name="message"/> into <paramref name="frame"/>: its id, method, table row and action. False
    /// (with <see cref="ClientFrame.Error"/>) for a frame that is not the exchange's JSON, is ambiguous (duplicate
    /// keys), or carries credentials in a form Sidecar will not rebuild.
    /// </summary>
    public abstract bool TryRead(ReadOnlySpan<byte> message, ClientFrame frame);

    /// <summary>
    /// Writes what is forwarded for a frame whose action is <see cref="FrameAction.Rebuild"/> into
    /// <paramref name="output"/>'s <see cref="SignedRequest.Body"/>: <see cref="SignOutcome.Signed"/> when it signed in
    /// the HSM through the venue's key (<see cref="SignedRequest.SignPrehash"/>), <see cref="SignOutcome.PassThrough"/>
    /// when it only swapped credentials in (a key, a token), <see cref="SignOutcome.Rejected"/> with
    /// <see cref="SignedRequest.Error"/> when it cannot be forwarded as sent.
    /// </summary>
    /// <exception cref="SigningKeyUnavailableException">The HSM could not sign: nothing may be forwarded.</exception>
    public abstract SignOutcome Rewrite(ReadOnlySpan<byte> message, ClientFrame frame, in FrameClock clock, SignedRequest output);

    /// <summary>The exchange's error envelope for a refused frame, carrying the bot's request id.</summary>
    public abstract void WriteError(ReadOnlySpan<byte> message, ClientFrame frame, FrameError error, string text, ByteBuilder output);

    /// <summary>
    /// True when the exchange's frames must be looked at before the bot sees them (<see cref="RewriteServerMessage"/>):
    /// an auth reply that carries tokens the bot must never hold (Deribit). False for most exchanges, whose frames are
    /// relayed as they come, fragment by fragment.
    /// </summary>
    public virtual bool InspectsServerMessages => false;

    /// <summary>
    /// For a session that <see cref="InspectsServerMessages"/>: one complete message from the exchange, and what the
    /// bot gets instead — <see cref="ServerFrameAction.Relay"/> (as it came), <see cref="ServerFrameAction.Rewritten"/>
    /// (<paramref name="output"/>'s bytes) or <see cref="ServerFrameAction.Drop"/> (nothing; e.g. the answer to a frame
    /// Sidecar sent on its own).
    /// </summary>
    public virtual ServerFrameAction RewriteServerMessage(ReadOnlySpan<byte> message, ByteBuilder output) => ServerFrameAction.Relay;

    /// <summary>
    /// Reads the request id and status of a reply from the exchange, for the audit record of the frame it answers;
    /// false for pushes and anything else. Read-only: server frames are relayed as they came.
    /// </summary>
    public virtual bool TryReadReply(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> id, out int status)
    {
        id = default;
        status = 0;
        return false;
    }
}

/// <summary>What the bot gets for one of the exchange's messages (<see cref="WebSocketSession.RewriteServerMessage"/>).</summary>
public enum ServerFrameAction
{
    Relay,
    Rewritten,
    Drop,
}

/// <summary>The venue's clock for a frame: now (exchange-corrected) and whether to replace the bot's timestamps.</summary>
public readonly record struct FrameClock(long UnixTimeMilliseconds, bool Restamp);
