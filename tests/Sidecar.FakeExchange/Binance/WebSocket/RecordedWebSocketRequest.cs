namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>One member of a request's <c>params</c>.</summary>
/// <param name="Name">The name, unescaped.</param>
/// <param name="Value">The value as the fake reads it (and signs it): a string unescaped, any other token as written.</param>
/// <param name="Json">The value exactly as received, as JSON text.</param>
public readonly record struct WebSocketRequestParameter(string Name, string Value, string Json);

/// <summary>One WebSocket API request frame as the fake received it, and what it answered.</summary>
/// <param name="ConnectionId">The connection it came on (see <see cref="WebSocketConnectionInfo.Id"/>).</param>
/// <param name="Path">The endpoint: <c>/ws-api/v3</c> (spot) or <c>/ws-fapi/v1</c> (USDⓈ-M).</param>
/// <param name="Frame">The text frame as received.</param>
/// <param name="Id">The <c>id</c> token exactly as received (e.g. <c>"1"</c> with its quotes, <c>7</c>, <c>null</c>);
/// null when the frame had none.</param>
/// <param name="Method">The <c>method</c>, or null when the frame had none.</param>
/// <param name="RawParams">The <c>params</c> object exactly as received; null when absent.</param>
/// <param name="Params">The members of <c>params</c> in the order received.</param>
/// <param name="ApiKey">The <c>apiKey</c> parameter as received, if any.</param>
/// <param name="SessionAuthenticated">The request left out <c>apiKey</c> and <c>signature</c> and was authorised by
/// the connection's <c>session.logon</c>.</param>
/// <param name="Signature">The verdict on the <c>signature</c> parameter (NotRequired for public, USER_STREAM and
/// session-authorised requests).</param>
/// <param name="SignedPayload">The payload the signature was checked against, when one could be built.</param>
/// <param name="Status">The <c>status</c> answered.</param>
/// <param name="BinanceCode">The error code answered, or null on success.</param>
public sealed record RecordedWebSocketRequest(
    long ConnectionId,
    string Path,
    string Frame,
    string? Id,
    string? Method,
    string? RawParams,
    IReadOnlyList<WebSocketRequestParameter> Params,
    string? ApiKey,
    bool SessionAuthenticated,
    SignatureCheck Signature,
    string? SignedPayload,
    int Status,
    int? BinanceCode);

/// <summary>A WebSocket connection the fake accepted.</summary>
/// <param name="Id">Numbered from 1 in order of acceptance.</param>
/// <param name="Path">The upgrade request's path: <c>/ws-api/v3</c>, <c>/ws-fapi/v1</c> or <c>/private/ws</c>.</param>
/// <param name="Query">Its query string, without '?'; "" when absent.</param>
/// <param name="OfferedExtensions">The <c>Sec-WebSocket-Extensions</c> header the client sent (e.g.
/// <c>permessage-deflate; client_max_window_bits</c>), or null when it offered none.</param>
/// <param name="NegotiatedExtensions">The extensions the fake accepted in its answer, or null.</param>
/// <param name="MessagesReceived">Data frames (messages) received so far.</param>
/// <param name="Open">Whether the connection is still open.</param>
public sealed record WebSocketConnectionInfo(
    long Id,
    string Path,
    string Query,
    string? OfferedExtensions,
    string? NegotiatedExtensions,
    int MessagesReceived,
    bool Open);
