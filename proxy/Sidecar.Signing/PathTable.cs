using System.Text;

namespace Sidecar.Signing;

/// <summary>
/// A small set of exact paths and path prefixes, matched ordinally and case-sensitively against raw path bytes
/// (exchanges treat paths case-sensitively). Linear scan: the tables hold a few dozen entries and a length check
/// rejects most of them at once, which beats hashing a span into a string per request.
/// </summary>
internal sealed class PathTable
{
    private readonly string[] _exact;
    private readonly string[] _prefixes;

    public PathTable(string[] exact, string[]? prefixes = null)
    {
        _exact = exact;
        _prefixes = prefixes ?? [];
    }

    public bool Matches(ReadOnlySpan<byte> path)
    {
        foreach (var candidate in _exact)
        {
            if (candidate.Length == path.Length && Ascii.Equals(path, candidate))
            {
                return true;
            }
        }

        foreach (var prefix in _prefixes)
        {
            if (path.Length >= prefix.Length && Ascii.Equals(path[..prefix.Length], prefix))
            {
                return true;
            }
        }

        return false;
    }
}
