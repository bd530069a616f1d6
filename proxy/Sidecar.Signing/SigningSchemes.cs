using System.Diagnostics.CodeAnalysis;

namespace Sidecar.Signing;

/// <summary>
/// The schemes a venue's <c>Scheme</c> setting can name: every concrete <see cref="SigningScheme"/> in this
/// assembly. Discovered once, so adding a scheme is adding its class.
/// </summary>
public static class SigningSchemes
{
    private static readonly SigningScheme[] All = Discover();

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

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Scheme types live in this assembly and are kept.")]
    private static SigningScheme[] Discover()
    {
        var schemes = new List<SigningScheme>();
        foreach (var type in typeof(SigningScheme).Assembly.GetTypes())
        {
            if (type.IsSubclassOf(typeof(SigningScheme)) && !type.IsAbstract)
            {
                schemes.Add((SigningScheme)Activator.CreateInstance(type, nonPublic: true)!);
            }
        }

        schemes.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < schemes.Count; i++)
        {
            if (schemes[i].Name == schemes[i - 1].Name)
            {
                throw new InvalidOperationException($"Two signing schemes are named '{schemes[i].Name}'.");
            }
        }

        return [.. schemes];
    }
}
