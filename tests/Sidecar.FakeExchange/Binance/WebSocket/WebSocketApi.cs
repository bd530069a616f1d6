using System.Net.WebSockets;
using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Security;

namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>
/// One WebSocket API endpoint (spot <c>/ws-api/v3</c> or USDⓈ-M <c>/ws-fapi/v1</c>): takes each request frame apart,
/// applies the method's security, runs it, records the exchange and queues the answer. Check order: frame readable
/// (-1102), method known, no parameter twice (-1101), then the method's security (<see cref="WsAuthenticator"/>).
/// </summary>
internal sealed class WebSocketApi(
    string path,
    WsMethodTable methods,
    WsAuthenticator authenticator,
    RequestJournal<RecordedWebSocketRequest> journal,
    ServerClock clock,
    int requestWeightLimit,
    UserDataHub? spotUserData)
{
    private static readonly WsVerdict NoSignature = new(SignatureCheck.NotRequired, null, false);

    public string Path { get; } = path;

    public void Open(WsSession session) => spotUserData?.AddSpot(session);

    public void Close(WsSession session) => spotUserData?.RemoveSpot(session);

    public void Handle(WsSession session, WebSocketMessageType type, ReadOnlySpan<byte> frame)
    {
        // Requests are text frames, one request per frame; a binary frame cannot be one.
        var request = type == WebSocketMessageType.Text ? WsRequestReader.Read(frame) : WsRequest.Unreadable;
        var (verdict, result) = Process(request, session);
        var count = session.CountRequest(clock.NowMilliseconds);
        var rateLimits = ShowRateLimits(request, session) ? WsJson.RateLimits(requestWeightLimit, count) : null;
        var answer = WsJson.Answer(request.Id, result.Result, result.Error, rateLimits);

        // Recorded before answering, so a client that has its answer always finds its request in the journal.
        journal.Add(new RecordedWebSocketRequest(
            session.ConnectionId,
            Path,
            type == WebSocketMessageType.Text ? Encoding.UTF8.GetString(frame) : string.Empty,
            request.Id,
            request.Method,
            request.RawParams,
            request.Params.Select(p => new WebSocketRequestParameter(p.Name, p.Value, p.Json)).ToArray(),
            request.Get("apiKey"),
            verdict.BySession,
            verdict.Signature,
            verdict.Payload,
            result.Error?.HttpStatus ?? 200,
            result.Error?.Code));
        session.Outbox.Send(answer);
        if (result.AfterAnswer is { } afterAnswer)
        {
            _ = afterAnswer();
        }
    }

    private (WsVerdict Verdict, WsResult Result) Process(WsRequest request, WsSession session)
    {
        if (request.Malformed)
        {
            return (NoSignature, WsResult.Fail(BinanceErrors.MalformedRequest));
        }

        if (methods.Find(request.Method!) is not { } method)
        {
            return (NoSignature, WsResult.Fail(WsErrors.UnknownMethod));
        }

        var verdict = authenticator.Inspect(request, method.Security, session);

        // A JSON null reads as an empty value ("was not sent, was empty/null"); the payload keeps the token's text.
        var parameters = RequestParameters.FromValues(request.Params.Select(p =>
            KeyValuePair.Create(p.Name, p.Kind == JsonTokenType.Null ? string.Empty : p.Value)));
        if (parameters is null)
        {
            return (verdict, WsResult.Fail(BinanceErrors.DuplicateParameter));
        }

        if (authenticator.Authenticate(parameters, method.Security, session, verdict) is { } error)
        {
            return (verdict, WsResult.Fail(error));
        }

        try
        {
            return (verdict, method.Handler(new WsCall(request, parameters, session)));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return (verdict, WsResult.Fail(WsErrors.Unknown));
        }
    }

    /// <summary><c>rateLimits</c> is in every answer unless the request says <c>"returnRateLimits":false</c> or the
    /// connection URL said <c>?returnRateLimits=false</c> (and the request does not say true).</summary>
    private static bool ShowRateLimits(WsRequest request, WsSession session) => request.Get("returnRateLimits") switch
    {
        "true" => true,
        "false" => false,
        _ => session.ReturnRateLimits,
    };
}
