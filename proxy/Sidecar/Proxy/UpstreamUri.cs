namespace Sidecar.Proxy;

/// <summary>
/// Builds the upstream URI once, from the exact strings that were signed. Path and query canonicalisation is
/// disabled: System.Uri would otherwise be free to unescape or re-escape bytes the signature covers.
/// </summary>
internal static class UpstreamUri
{
    private static readonly UriCreationOptions Exact = new() { DangerousDisablePathAndQueryCanonicalization = true };

    public static Uri Build(string upstreamBase, string path, string query)
    {
        var text = query.Length == 0 ? string.Concat(upstreamBase, path) : string.Concat(upstreamBase, path, "?", query);
        return new Uri(text, Exact);
    }
}
