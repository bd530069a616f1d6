namespace Sidecar.Signing;

/// <summary>
/// The schemes a venue's <c>Scheme</c> setting can name: every scheme of every registered <see cref="Exchanges"/>
/// entry, sorted by name.
/// </summary>
public static class SigningSchemes
{
    private static readonly SigningScheme[] All = Collect();

    public static IEnumerable<string> Names
    {
        get
        {
            foreach (var scheme in All)
            {
                yield return scheme.Name;
            }
        }
    }

    public static bool TryGet(string? name, out SigningScheme scheme)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, name, StringComparison.Ordinal))
            {
                scheme = candidate;
                return true;
            }
        }

        scheme = null!;
        return false;
    }

    private static SigningScheme[] Collect()
    {
        var schemes = new List<SigningScheme>();
        foreach (var exchange in Exchanges.All)
        {
            schemes.AddRange(exchange.Schemes);
        }

        schemes.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return [.. schemes];
    }
}
