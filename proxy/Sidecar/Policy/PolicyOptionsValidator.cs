using Sidecar.Configuration;
using Sidecar.Signing;
using Sidecar.Signing.Policy;

namespace Sidecar.Policy;

/// <summary>Checks a venue's <c>Policy</c> section and compiles it, adding every problem to the list.</summary>
internal static class PolicyOptionsValidator
{
    private const string NoLimit = "0 means no limit";

    private static readonly string[] Profiles = ["trade", "read-only", "none"];

    public static VenuePolicy? Validate(string prefix, PolicyOptions options, SigningScheme scheme, List<string> errors, List<string> warnings)
    {
        var before = errors.Count;
        if (Array.IndexOf(Profiles, options.Profile) < 0)
        {
            errors.Add($"{prefix}:{nameof(PolicyOptions.Profile)} '{options.Profile}' is not one of: {string.Join(", ", Profiles)}");
        }

        var allow = Patterns($"{prefix}:{nameof(PolicyOptions.Allow)}", options.Allow, errors);
        var deny = Patterns($"{prefix}:{nameof(PolicyOptions.Deny)}", options.Deny, errors);
        if (options.MaxOrderQuantity is <= 0)
        {
            errors.Add($"{prefix}:{nameof(PolicyOptions.MaxOrderQuantity)} must be positive");
        }

        if (options.MaxOrderNotional is <= 0)
        {
            errors.Add($"{prefix}:{nameof(PolicyOptions.MaxOrderNotional)} must be positive");
        }

        Require.Between(errors, $"{prefix}:{nameof(PolicyOptions.RequestsPerSecond)}", options.RequestsPerSecond, PolicyOptionsDefaults.MinRequestsPerSecond, PolicyOptionsDefaults.MaxRequestsPerSecond, NoLimit);
        Require.Between(errors, $"{prefix}:{nameof(PolicyOptions.Burst)}", options.Burst, PolicyOptionsDefaults.MinBurst, PolicyOptionsDefaults.MaxBurst);
        Require.Between(errors, $"{prefix}:{nameof(PolicyOptions.OrdersPer10Seconds)}", options.OrdersPer10Seconds, PolicyOptionsDefaults.MinOrdersPer10Seconds, PolicyOptionsDefaults.MaxOrdersPer10Seconds, NoLimit);
        Require.Between(errors, $"{prefix}:{nameof(PolicyOptions.WeightReserve)}", options.WeightReserve, PolicyOptionsDefaults.MinWeightReserve, PolicyOptionsDefaults.MaxWeightReserve,
            "the fraction of each exchange limit kept free for cancels");
        foreach (var symbol in options.Symbols.Concat(options.AllowedOrderTypes))
        {
            if (string.IsNullOrWhiteSpace(symbol))
            {
                errors.Add($"{prefix}: {nameof(PolicyOptions.Symbols)} and {nameof(PolicyOptions.AllowedOrderTypes)} entries must not be empty");
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
            warnings.Add($"{prefix}:{nameof(PolicyOptions.Allow)} '{rule}' opens a {category} endpoint: the key can move funds or change access through Sidecar");
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
