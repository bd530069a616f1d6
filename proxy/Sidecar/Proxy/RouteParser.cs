using Microsoft.AspNetCore.Http;

namespace Sidecar.Proxy;

/// <summary>
/// Maps the raw request target (as received, never decoded by the server) to a venue and the upstream path and
/// query. The destination is always the venue's configured upstream: the host named in a proxyUrl target only
/// selects the venue.
/// </summary>
internal static class RouteParser
{
    /// <param name="request">The request, read on a host several venues share: its method and the exchange's API-key
    /// header choose the venue. Null only where no host is shared (tests of the target alone).</param>
    public static bool TryParse(string rawTarget, VenueTable venues, out RouteMatch match, out RouteError error, HttpRequest? request = null)
    {
        match = default;
        if (rawTarget.Length == 0 || rawTarget[0] != '/')
        {
            error = BadRequest("absolute-form and asterisk-form request targets are refused; send /{venue}/{path} or ccxt's /https://{host}/{path}");
            return false;
        }

        var target = rawTarget.AsSpan(1);
        if (StartsWithScheme(target, out var encoded))
        {
            return TryParseProxyUrl(target, encoded, venues, request, out match, out error);
        }

        var queryStart = target.IndexOf('?');
        var pathPart = queryStart < 0 ? target : target[..queryStart];
        var query = queryStart < 0 ? "" : target[(queryStart + 1)..].ToString();
        var slash = pathPart.IndexOf('/');
        var name = slash < 0 ? pathPart : pathPart[..slash];
        if (name.IsEmpty)
        {
            error = new RouteError(StatusCodes.Status404NotFound, ErrorCodes.UnknownVenue, "requests must name a venue: /{venue}/{upstream path}");
            return false;
        }

        var venue = venues.ByName(name);
        if (venue is null)
        {
            error = new RouteError(StatusCodes.Status404NotFound, ErrorCodes.UnknownVenue, $"no venue named '{SafeText.Printable(name)}' is configured");
            return false;
        }

        var path = slash < 0 ? "/" : pathPart[slash..].ToString();
        return Finish(venue, path, query, RouteForm.VenuePrefix, out match, out error);
    }

    private static bool TryParseProxyUrl(ReadOnlySpan<char> target, bool encoded, VenueTable venues, HttpRequest? request, out RouteMatch match, out RouteError error)
    {
        match = default;
        string url;
        if (encoded)
        {
            if (target.Contains('?'))
            {
                error = BadRequest("an encoded proxyUrl target must encode the whole URL, query included");
                return false;
            }

            if (!PercentDecoding.TryDecodeOnce(target, out url))
            {
                error = BadRequest("the encoded proxyUrl target has an invalid percent-encoding");
                return false;
            }
        }
        else
        {
            url = target.ToString();
        }

        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = url.AsSpan(0, schemeEnd);
        if (!scheme.Equals("https", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("wss", StringComparison.OrdinalIgnoreCase))
        {
            error = BadRequest("proxyUrl targets must be https:// (or, for a WebSocket, wss://) URLs; Sidecar forwards to the venue's configured upstream");
            return false;
        }

        var rest = url.AsSpan(schemeEnd + 3);
        var authorityEnd = rest.IndexOfAny('/', '?');
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var afterAuthority = authorityEnd < 0 ? [] : rest[authorityEnd..];
        if (authority.IsEmpty || authority.Contains('@'))
        {
            error = BadRequest("the proxyUrl target has no host, or carries credentials");
            return false;
        }

        var host = authority;
        var colon = authority.LastIndexOf(':');
        if (colon >= 0 && authority[0] != '[')
        {
            if (!authority[(colon + 1)..].SequenceEqual("443"))
            {
                error = BadRequest("proxyUrl targets must use the default https and wss port, 443");
                return false;
            }

            host = authority[..colon];
        }

        var candidates = venues.ByHost(host);
        if (candidates.IsEmpty)
        {
            error = new RouteError(StatusCodes.Status404NotFound, ErrorCodes.UnknownVenue, $"no venue is configured for host '{SafeText.Printable(host)}' (see Venues:*:Hosts)");
            return false;
        }

        var queryStart = afterAuthority.IndexOf('?');
        var path = queryStart < 0 ? afterAuthority : afterAuthority[..queryStart];
        var query = queryStart < 0 ? [] : afterAuthority[(queryStart + 1)..];
        var upstreamPath = path.IsEmpty ? "/" : path.ToString();
        var venue = candidates[0];
        if (candidates.Length > 1)
        {
            var chosen = SharedHost.Select(candidates, host, upstreamPath, request, out error);
            if (chosen is null)
            {
                return false;
            }

            venue = chosen;
        }

        return Finish(venue, upstreamPath, query.ToString(), RouteForm.ProxyUrl, out match, out error);
    }

    private static bool Finish(Venue venue, string path, string query, RouteForm form, out RouteMatch match, out RouteError error)
    {
        if (RequestTargetRules.CheckPath(path) is { } pathProblem)
        {
            match = default;
            error = BadRequest(pathProblem);
            return false;
        }

        if (RequestTargetRules.CheckQuery(query) is { } queryProblem)
        {
            match = default;
            error = BadRequest(queryProblem);
            return false;
        }

        match = new RouteMatch(venue, path, query, form);
        error = default;
        return true;
    }

    private static bool StartsWithScheme(ReadOnlySpan<char> target, out bool encoded)
    {
        encoded = false;
        foreach (var scheme in (ReadOnlySpan<string>)["https", "http", "wss"])
        {
            if (!target.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rest = target[scheme.Length..];
            if (rest.StartsWith("://", StringComparison.Ordinal))
            {
                return true;
            }

            if (rest.StartsWith("%3A%2F%2F", StringComparison.OrdinalIgnoreCase))
            {
                encoded = true;
                return true;
            }
        }

        return false;
    }

    internal static RouteError BadRequest(string message) => new(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, message);

}
