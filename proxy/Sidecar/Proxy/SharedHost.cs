using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Sidecar.Signing;
using Sidecar.Signing.Policy;

namespace Sidecar.Proxy;

/// <summary>
/// Chooses among the venues that share a host in ccxt's proxyUrl form (sub-accounts of one exchange): the placeholder
/// API key the bot sends in the exchange's key header names the venue (<c>Venues:{name}:ClientKey</c>), and is then
/// replaced by that venue's real key as on any other request. A key that matches none is refused, never guessed. A
/// public request carries no key at all (ccxt sends the header on private calls only): it goes to the first venue on
/// the host, since nothing in it is signed or acts on an account.
/// </summary>
internal static class SharedHost
{
    /// <summary>Longest upstream path classified on the stack; longer ones are rented.</summary>
    private const int MaxStackPath = 512;

    public static Venue? Select(ReadOnlySpan<Venue> candidates, ReadOnlySpan<char> host, string path, HttpRequest? request, out RouteError error)
    {
        var header = candidates[0].Exchange.ClientKeyHeader;
        if (request is null || header is null)
        {
            error = Unselected(candidates, host, header);
            return null;
        }

        var values = request.Headers[header];
        if (values.Count > 1)
        {
            error = RouteParser.BadRequest($"the {header} header is repeated; one placeholder key selects one venue");
            return null;
        }

        if (values.Count == 1)
        {
            foreach (var venue in candidates)
            {
                if (string.Equals(venue.Definition.ClientKey, values[0], StringComparison.Ordinal))
                {
                    error = default;
                    return venue;
                }
            }

            // The key is not echoed: a bot that sent its real key by mistake must not see it in an error or a log.
            error = new RouteError(StatusCodes.Status404NotFound, ErrorCodes.UnknownVenue,
                $"the placeholder key in {header} is none of the ClientKeys of the venues sharing host '{SafeText.Printable(host)}' ({Names(candidates)})");
            return null;
        }

        if (IsPublic(candidates[0].Exchange.Endpoints, request.Method, path))
        {
            error = default;
            return candidates[0];
        }

        error = Unselected(candidates, host, header);
        return null;
    }

    private static bool IsPublic(EndpointTable endpoints, string method, string path)
    {
        byte[]? rented = null;
        var bytes = path.Length <= MaxStackPath ? stackalloc byte[MaxStackPath] : rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(path.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(path, bytes);
            return endpoints.Find(method, bytes[..length]).Access == EndpointAccess.Public;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static RouteError Unselected(ReadOnlySpan<Venue> candidates, ReadOnlySpan<char> host, string? header) =>
        new(StatusCodes.Status404NotFound, ErrorCodes.UnknownVenue,
            $"host '{SafeText.Printable(host)}' is shared by venues {Names(candidates)}; a request that is not public must carry the placeholder API key of one of them in {header ?? "the exchange's key header"} (Venues:*:ClientKey)");

    private static string Names(ReadOnlySpan<Venue> venues)
    {
        var names = new StringBuilder();
        foreach (var venue in venues)
        {
            names.Append(names.Length == 0 ? "'" : ", '").Append(venue.Name).Append('\'');
        }

        return names.ToString();
    }
}
