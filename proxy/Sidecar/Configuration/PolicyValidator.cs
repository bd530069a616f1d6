using Sidecar.Policy;
using Sidecar.Signing;
using Sidecar.Signing.Policy;

namespace Sidecar.Configuration;

/// <summary>Checks a venue's Policy section and compiles it.</summary>
internal static class PolicyValidator
{
    private static readonly string[] Profiles = ["trade", "read-only", "none"];

    public static VenuePolicy? Validate(string prefix, PolicyOptions options, SigningScheme scheme, List<string> errors, List<string> warnings)
    {
        var before = errors.Count;
        if (Array.IndexOf(Profiles, options.Profile) < 0)
        {
            errors.Add($"{prefix}:Profile '{options.Profile}' is not one of: {string.Join(", ", Profiles)}");
        }

        var allow = Patterns($"{prefix}:Allow", options.Allow, errors);
        var deny = Patterns($"{prefix}:Deny", options.Deny, errors);
        if (options.MaxOrderQuantity is <= 0)
        {
            errors.Add($"{prefix}:MaxOrderQuantity must be positive");
        }

        if (options.MaxOrderNotional is <= 0)
        {
            errors.Add($"{prefix}:MaxOrderNotional must be positive");
        }

        if (options.RequestsPerSecond is < 0 or > 100_000 || double.IsNaN(options.RequestsPerSecond))
        {
            errors.Add($"{prefix}:RequestsPerSecond must be between 0 (no limit) and 100000");
        }

        if (options.Burst is < 1 or > 100_000)
        {
            errors.Add($"{prefix}:Burst must be between 1 and 100000");
        }

        if (options.OrdersPer10Seconds is < 0 or > 100_000)
        {
            errors.Add($"{prefix}:OrdersPer10Seconds must be between 0 (no limit) and 100000");
        }

        foreach (var symbol in options.Symbols.Concat(options.AllowedOrderTypes))
        {
            if (string.IsNullOrWhiteSpace(symbol))
            {
                errors.Add($"{prefix}: Symbols and AllowedOrderTypes entries must not be empty");
                break;
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        var policy = new VenuePolicy(scheme, options.Profile, allow, deny, options.Symbols, options.AllowedOrderTypes, options.MaxOrderQuantity, options.MaxOrderNotional);
        foreach (var (rule, category) in policy.DangerousAllows())
        {
            warnings.Add($"{prefix}:Allow '{rule}' opens a {category} endpoint: the key can move funds or change access through Sidecar");
        }

        return policy;
    }

    private static List<EndpointPattern> Patterns(string prefix, List<string> rules, List<string> errors)
    {
        var patterns = new List<EndpointPattern>();
        foreach (var rule in rules)
        {
            if (EndpointPattern.TryParse(rule, out var pattern, out var error))
            {
                patterns.Add(pattern);
            }
            else
            {
                errors.Add($"{prefix}: {error}");
            }
        }

        return patterns;
    }
}
