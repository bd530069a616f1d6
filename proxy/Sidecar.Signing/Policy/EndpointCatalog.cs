namespace Sidecar.Signing.Policy;

/// <summary>
/// A scheme's endpoints by category, taken from the exchange's documentation. The first matching entry wins, so
/// list specific denials (withdrawals, transfers, key management) before broader read/trade patterns.
/// </summary>
public sealed class EndpointCatalog
{
    private readonly (EndpointPattern Pattern, EndpointCategory Category)[] _entries;

    public EndpointCatalog(params (string Pattern, EndpointCategory Category)[] entries)
    {
        _entries = new (EndpointPattern, EndpointCategory)[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            _entries[i] = (EndpointPattern.Parse(entries[i].Pattern), entries[i].Category);
        }
    }

    /// <summary>An empty catalog: every endpoint is Unknown (a scheme that has not listed its endpoints yet).</summary>
    public static EndpointCatalog Empty { get; } = new();

    public int Count => _entries.Length;

    public EndpointCategory Categorize(string method, ReadOnlySpan<byte> path, out EndpointPattern? matched)
    {
        foreach (var (pattern, category) in _entries)
        {
            if (pattern.Matches(method, path))
            {
                matched = pattern;
                return category;
            }
        }

        matched = null;
        return EndpointCategory.Unknown;
    }
}
