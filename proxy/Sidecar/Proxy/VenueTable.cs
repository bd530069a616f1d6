namespace Sidecar.Proxy;

/// <summary>
/// Looks venues up by name (path-prefix form) and by host (ccxt proxyUrl form). Several venues of one exchange share a
/// host when each names a ClientKey (validated at start-up); the request's placeholder key then chooses among them.
/// </summary>
internal sealed class VenueTable
{
    private readonly Dictionary<string, Venue> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Venue[]> _byHost = new(StringComparer.OrdinalIgnoreCase);

    public VenueTable(IEnumerable<Venue> venues)
    {
        foreach (var venue in venues)
        {
            _byName.Add(venue.Name, venue);
            foreach (var host in venue.Definition.Hosts)
            {
                _byHost[host] = _byHost.TryGetValue(host, out var sharing) ? [.. sharing, venue] : [venue];
            }
        }
    }

    public IEnumerable<Venue> All => _byName.Values;

    public Venue? ByName(ReadOnlySpan<char> name) =>
        _byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var venue) ? venue : null;

    /// <summary>The venues that <paramref name="host"/> selects, in configuration order; empty when none.</summary>
    public ReadOnlySpan<Venue> ByHost(ReadOnlySpan<char> host) =>
        _byHost.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(host, out var venues) ? venues : [];

    /// <summary>
    /// The URL a bot uses to reach the exchange WebSocket <paramref name="exchangeUrl"/> through Sidecar
    /// (<c>{origin}/{venue}/{path}</c>), when a WebSocket venue's upstream is that host and a prefix of its path; null
    /// when none is configured (the bot then connects to the exchange itself).
    /// </summary>
    public string? WebSocketUrlFor(Uri exchangeUrl, string origin)
    {
        foreach (var venue in _byName.Values)
        {
            if (!venue.IsWebSocket || !Uri.TryCreate(venue.UpstreamBase, UriKind.Absolute, out var upstream)
                || !string.Equals(upstream.Host, exchangeUrl.Host, StringComparison.OrdinalIgnoreCase) || upstream.Port != exchangeUrl.Port
                || !exchangeUrl.AbsolutePath.StartsWith(upstream.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal))
            {
                continue;
            }

            var rest = exchangeUrl.AbsolutePath[upstream.AbsolutePath.TrimEnd('/').Length..];
            return origin + "/" + venue.Name + (rest.StartsWith('/') ? rest : "/" + rest) + exchangeUrl.Query;
        }

        return null;
    }
}
