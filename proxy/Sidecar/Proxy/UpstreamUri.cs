using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace Sidecar.Proxy;

/// <summary>
/// Builds the upstream URI once, from the exact strings that were signed. Path and query canonicalisation is
/// disabled: System.Uri would otherwise be free to unescape or re-escape bytes the signature covers.
/// </summary>
internal static class UpstreamUri
{
    /// <summary>
    /// Bounds the cache of query-less URIs: paths come from the policy's catalog and Allow rules, but a wildcard
    /// rule could admit any number of distinct paths. Past the bound, URIs are simply built per request.
    /// </summary>
    private const int MaxCachedWithoutQuery = 1024;

    private static readonly UriCreationOptions Exact = new() { DangerousDisablePathAndQueryCanonicalization = true };

    // Requests that sign in the body (Binance POST orders, every JSON-body exchange) have no query: their URI is the
    // same for every request to that path, so it is built once. Uri is immutable, so sharing it is safe.
    private static readonly ConcurrentDictionary<(string Base, string Path), Uri> WithoutQuery = new();

    public static Uri Build(string upstreamBase, string path, string query)
    {
        if (query.Length > 0)
        {
            return new Uri(string.Concat(upstreamBase, path, "?", query), Exact);
        }

        if (WithoutQuery.TryGetValue((upstreamBase, path), out var cached))
        {
            return cached;
        }

        var uri = new Uri(string.Concat(upstreamBase, path), Exact);
        if (WithoutQuery.Count < MaxCachedWithoutQuery)
        {
            WithoutQuery.TryAdd((upstreamBase, path), uri);
        }

        return uri;
    }

    /// <summary>
    /// As <see cref="Build(string, string, string)"/>, with the signed query as the scheme wrote it (ASCII bytes):
    /// the URI's string is built once, without a string of the query first.
    /// </summary>
    public static Uri Build(string upstreamBase, string path, ReadOnlySpan<byte> query)
    {
        if (query.IsEmpty)
        {
            return Build(upstreamBase, path, "");
        }

        var length = upstreamBase.Length + path.Length + 1 + query.Length;
        char[]? rented = null;
        var chars = length <= 512 ? stackalloc char[512] : (rented = ArrayPool<char>.Shared.Rent(length));
        upstreamBase.CopyTo(chars);
        path.CopyTo(chars[upstreamBase.Length..]);
        chars[upstreamBase.Length + path.Length] = '?';
        Encoding.ASCII.GetChars(query, chars[(upstreamBase.Length + path.Length + 1)..]);
        var uri = new Uri(new string(chars[..length]), Exact);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return uri;
    }
}
