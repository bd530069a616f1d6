using Sidecar.FakeExchange.Http;

namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>A request that passed its method's security checks.</summary>
internal sealed record WsCall(WsRequest Request, RequestParameters Parameters, WsSession Session);

/// <summary>What a method answers, and what to do once the answer is queued (e.g. push a snapshot after a subscribe).</summary>
internal sealed record WsResult(JsonNode? Result, BinanceError? Error, Func<Task>? AfterAnswer = null)
{
    public static WsResult Ok(JsonNode result, Func<Task>? afterAnswer = null) => new(result, null, afterAnswer);

    public static WsResult Fail(BinanceError error) => new(null, error);

    /// <summary>A REST handler's answer as a WebSocket result: same body, same error code and status.</summary>
    public static WsResult FromRest(BinanceResponse response) => response switch
    {
        { BinanceCode: { } code } => Fail(new BinanceError(response.Status, code, response.Body?["msg"]?.GetValue<string>() ?? string.Empty)),
        { Status: 200, Body: { } body } => Ok(body),
        _ => Fail(WsErrors.Unknown),
    };
}

internal delegate WsResult WsHandler(WsCall call);

internal sealed record WsMethod(WsSecurity Security, WsHandler Handler);

/// <summary>
/// The methods one WebSocket API endpoint serves. Where a REST endpoint does the same thing the method runs the REST
/// handler itself ("the WebSocket API accepts the same parameters and returns the same status and error codes as the
/// REST API", spot CHANGELOG 2022-12-15), on the shared order book and wallets.
/// </summary>
internal sealed class WsMethodTable(EndpointTable rest, string? versionPrefix)
{
    private readonly Dictionary<string, WsMethod> _methods = new(StringComparer.Ordinal);

    public WsMethodTable Add(string name, WsSecurity security, WsHandler handler)
    {
        _methods.Add(name, new WsMethod(security, handler));
        return this;
    }

    /// <summary>A method answered by the REST endpoint <paramref name="httpMethod"/> <paramref name="path"/>.</summary>
    public WsMethodTable Rest(string name, WsSecurity security, string httpMethod, string path)
    {
        var endpoint = rest.Find(httpMethod, path, out _) ??
                       throw new InvalidOperationException($"{name}: the REST fake has no {httpMethod} {path}.");
        return Add(name, security, call => WsResult.FromRest(endpoint.Handler(new BinanceRequest
        {
            Method = httpMethod,
            RawPath = path,
            RawQuery = string.Empty,
            RawBody = string.Empty,
            Parameters = call.Parameters,
        })));
    }

    /// <summary>The method, also when named with the explicit version prefix ("Request method names may be prefixed with
    /// explicit version: e.g., v3/order.place").</summary>
    public WsMethod? Find(string name) =>
        _methods.TryGetValue(name, out var method) ? method
        : versionPrefix is not null && name.StartsWith(versionPrefix, StringComparison.Ordinal) &&
          _methods.TryGetValue(name[versionPrefix.Length..], out method) ? method
        : null;
}
