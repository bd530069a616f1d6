namespace Sidecar.FakeExchange.Http;

/// <summary>Binance's endpoint security types, as far as the fake needs them.</summary>
internal enum EndpointSecurity
{
    /// <summary>Public (NONE / MARKET_DATA): no API key needed.</summary>
    None,

    /// <summary>USER_STREAM: the correct X-MBX-APIKEY, no signature.</summary>
    UserStream,

    /// <summary>TRADE / USER_DATA: X-MBX-APIKEY plus timestamp and HMAC signature.</summary>
    Signed,
}

internal delegate BinanceResponse EndpointHandler(BinanceRequest request);

internal sealed record Endpoint(string Method, string Path, EndpointSecurity Security, EndpointHandler Handler);

/// <summary>Exact (ordinal, raw) path and method lookup. Anything not registered is 404 (or 405 for a known path).</summary>
internal sealed class EndpointTable
{
    private readonly Dictionary<string, Dictionary<string, Endpoint>> _byPath = new(StringComparer.Ordinal);

    public EndpointTable Add(string method, string path, EndpointSecurity security, EndpointHandler handler)
    {
        if (!_byPath.TryGetValue(path, out var byMethod))
        {
            byMethod = new Dictionary<string, Endpoint>(StringComparer.Ordinal);
            _byPath.Add(path, byMethod);
        }

        byMethod.Add(method, new Endpoint(method, path, security, handler));
        return this;
    }

    public EndpointTable Get(string path, EndpointSecurity security, EndpointHandler handler) => Add("GET", path, security, handler);

    public EndpointTable Post(string path, EndpointSecurity security, EndpointHandler handler) => Add("POST", path, security, handler);

    public EndpointTable Put(string path, EndpointSecurity security, EndpointHandler handler) => Add("PUT", path, security, handler);

    public EndpointTable Delete(string path, EndpointSecurity security, EndpointHandler handler) => Add("DELETE", path, security, handler);

    /// <summary>Finds the endpoint; <paramref name="pathKnown"/> tells a wrong method (405) from an unknown path (404).</summary>
    public Endpoint? Find(string method, string path, out bool pathKnown)
    {
        pathKnown = _byPath.TryGetValue(path, out var byMethod);
        return byMethod is not null && byMethod.TryGetValue(method, out var endpoint) ? endpoint : null;
    }
}
