namespace Sidecar.FakeExchange.Common;

/// <summary>One text frame a (non-Binance) fake exchange received on a WebSocket, and what it made of it.</summary>
/// <param name="ConnectionId">The connection it came on, numbered from 1 per fake.</param>
/// <param name="Path">The upgrade request's path (e.g. <c>/ws/v4/</c>, <c>/ws/2</c>).</param>
/// <param name="Frame">The frame exactly as received.</param>
/// <param name="Method">What it asked for: Gate's channel, Bitfinex's event or input name; null when unreadable.</param>
/// <param name="Id">The request id as received (Gate's <c>req_id</c> or <c>id</c>, Bitfinex's <c>cid</c>); null when none.</param>
/// <param name="ApiKey">The API key the frame carried, if any.</param>
/// <param name="Signature">The fake's own verdict on the frame's signature (NotRequired when it carries none and needs none).</param>
/// <param name="SignedPayload">The text the fake checked the signature against, when it built one.</param>
/// <param name="Error">The exchange's error answered (a label or code and message), or null when it succeeded.</param>
public sealed record FakeWebSocketFrame(
    long ConnectionId,
    string Path,
    string Frame,
    string? Method,
    string? Id,
    string? ApiKey,
    SignatureCheck Signature,
    string? SignedPayload,
    string? Error);
