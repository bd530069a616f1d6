namespace Sidecar.Signing.WebSockets;

/// <summary>What a session does with a bot frame once the policy allowed it.</summary>
public enum FrameAction
{
    /// <summary>Forward the bot's bytes as they came (pings, market data, frames that carry no credentials).</summary>
    Forward,

    /// <summary>
    /// Rebuild the frame with the venue's credentials (<see cref="WebSocketSession.Rewrite"/>): signed in the HSM where
    /// the exchange wants a signature, or with a token or key swapped in where it wants that.
    /// </summary>
    Rebuild,
}

/// <summary>
/// One complete text message from the bot, as a session read it: where its id and method are, which row of the
/// exchange's method table it matched, where the parameters the order guards read are, and what to do with it.
/// Offsets point into the message, which the relay keeps until the frame is done. One instance per connection,
/// reset for every message, so reading a frame allocates nothing.
/// </summary>
public sealed class ClientFrame
{
    public ExchangeEndpoint Endpoint { get; set; } = ExchangeEndpoint.Unlisted;

    public FrameAction Action { get; set; }

    /// <summary>The JSON token of the request id as the bot sent it (quotes included); empty when there is none.</summary>
    public Range Id { get; set; }

    /// <summary>
    /// The longest method name a frame may carry. The exchanges' own are under 48 bytes (Deribit's
    /// <c>private/cancel_all_by_kind_or_type</c>: 34); names are copied onto the stack to be looked up, and a message
    /// may be 16 MiB, so the copy must be bounded before it is made.
    /// </summary>
    public const int MaxMethodBytes = 128;

    /// <summary>The method's name (e.g. <c>order.place</c>), for metrics, spans and the audit record.</summary>
    public Range Method { get; set; }

    /// <summary>The refusal for a method name longer than <see cref="MaxMethodBytes"/>.</summary>
    public bool RejectLongMethod() => Reject($"the method name is longer than {MaxMethodBytes} bytes; no exchange names one so long");

    /// <summary>The JSON the order guards read (Binance: the <c>params</c> object); empty when the frame places no order.</summary>
    public Range OrderJson { get; set; }

    /// <summary>Set when the frame is malformed or ambiguous: it is refused with this message, nothing is forwarded.</summary>
    public string? Error { get; set; }

    public void Reset()
    {
        Endpoint = ExchangeEndpoint.Unlisted;
        Action = FrameAction.Forward;
        Id = default;
        Method = default;
        OrderJson = default;
        Error = null;
    }

    /// <summary>Refuses the frame as malformed; returns false for the caller's convenience.</summary>
    public bool Reject(string error)
    {
        Error = error;
        return false;
    }
}
