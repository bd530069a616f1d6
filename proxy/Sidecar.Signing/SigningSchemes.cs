using Sidecar.Signing.Binance;

namespace Sidecar.Signing;

/// <summary>The schemes a venue's <c>Scheme</c> setting can name.</summary>
public static class SigningSchemes
{
    private static readonly SigningScheme[] All =
    [
        new BinanceHmacScheme(),
    ];

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
}
