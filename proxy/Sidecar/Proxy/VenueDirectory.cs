namespace Sidecar.Proxy;

/// <summary>
/// The venue table in force. A configuration reload builds a complete new table and swaps it in one write; each
/// request reads <see cref="Current"/> once, so a request already in flight finishes with the venue (and key) it
/// started with, and the next one uses the new table.
/// </summary>
internal sealed class VenueDirectory
{
    private volatile VenueTable _current;

    public VenueDirectory(VenueTable initial)
    {
        _current = initial;
    }

    public VenueTable Current => _current;

    /// <summary>Raised after each swap, on the reloading thread (the clock synchronizer adopts new venues).</summary>
    public event Action<VenueTable>? Replaced;

    public void Replace(VenueTable next)
    {
        _current = next;
        Replaced?.Invoke(next);
    }
}
