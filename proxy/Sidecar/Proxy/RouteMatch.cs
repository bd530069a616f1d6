namespace Sidecar.Proxy;

/// <summary>How the bot addressed the venue.</summary>
internal enum RouteForm
{
    /// <summary><c>/{venue}/{upstream path}?{query}</c> — a base-URL override.</summary>
    VenuePrefix,

    /// <summary>ccxt's <c>proxyUrl</c>: <c>/https://{host}/{path}</c>, or the whole URL percent-encoded when it has a query.</summary>
    ProxyUrl,
}

/// <summary>A request mapped to a venue: the upstream path and raw query exactly as they will be forwarded.</summary>
internal readonly record struct RouteMatch(Venue Venue, string Path, string Query, RouteForm Form);

/// <summary>Why a request target was refused; nothing is forwarded.</summary>
internal readonly record struct RouteError(int Status, string Code, string Message);
