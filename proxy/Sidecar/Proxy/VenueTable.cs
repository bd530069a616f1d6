namespace Sidecar.Proxy;

/// <summary>Looks venues up by name (path-prefix form) and by host (ccxt proxyUrl form).</summary>
internal sealed class VenueTable
{
    private readonly Dictionary<string, Venue> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Venue> _byHost = new(StringComparer.OrdinalIgnoreCase);

    public VenueTable(IEnumerable<Venue> venues)
    {
        foreach (var venue in venues)
        {
            _byName.Add(venue.Name, venue);
            foreach (var host in venue.Definition.Hosts)
            {
                _byHost.Add(host, venue);
            }
        }
    }

    public IEnumerable<Venue> All => _byName.Values;

    public Venue? ByName(ReadOnlySpan<char> name) =>
        _byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var venue) ? venue : null;

    public Venue? ByHost(ReadOnlySpan<char> host) =>
        _byHost.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(host, out var venue) ? venue : null;
}
