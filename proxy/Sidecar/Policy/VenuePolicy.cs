using Sidecar.Signing;
using Sidecar.Signing.Policy;

namespace Sidecar.Policy;

/// <summary>
/// A venue's policy, compiled at start-up: endpoint rules, the profile's categories, order guards. Judges the
/// exact request that would be signed; a refusal means the HSM is never called and nothing is forwarded.
/// </summary>
internal sealed class VenuePolicy
{
    private static readonly EndpointCategory[] NeverByProfile =
        [EndpointCategory.Withdrawal, EndpointCategory.Transfer, EndpointCategory.SubAccount, EndpointCategory.ApiKeyManagement];

    private readonly SigningScheme _scheme;
    private readonly EndpointPattern[] _allow;
    private readonly EndpointPattern[] _deny;
    private readonly HashSet<string> _symbols;
    private readonly HashSet<string> _orderTypes;
    private readonly decimal? _maxQuantity;
    private readonly decimal? _maxNotional;

    // The rule an allowed request names, built once: Evaluate runs for every request.
    private readonly string _profileRule;

    public VenuePolicy(SigningScheme scheme, string profile, IEnumerable<EndpointPattern> allow, IEnumerable<EndpointPattern> deny,
        IEnumerable<string> symbols, IEnumerable<string> orderTypes, decimal? maxQuantity, decimal? maxNotional)
    {
        _scheme = scheme;
        Profile = profile;
        _profileRule = $"profile {profile}";
        _allow = [.. allow];
        _deny = [.. deny];
        _symbols = new HashSet<string>(symbols, StringComparer.OrdinalIgnoreCase);
        _orderTypes = new HashSet<string>(orderTypes, StringComparer.OrdinalIgnoreCase);
        _maxQuantity = maxQuantity;
        _maxNotional = maxNotional;
    }

    public string Profile { get; }

    public bool HasOrderGuards => _symbols.Count > 0 || _orderTypes.Count > 0 || _maxQuantity is not null || _maxNotional is not null;

    /// <summary>Allow rules that open a category no profile allows (withdrawals …): logged as warnings at start-up.</summary>
    public IEnumerable<(EndpointPattern Rule, EndpointCategory Category)> DangerousAllows()
    {
        foreach (var rule in _allow)
        {
            var category = CategoryOfRule(rule);
            if (Array.IndexOf(NeverByProfile, category) >= 0)
            {
                yield return (rule, category);
            }
        }
    }

    /// <summary>Judges a request that matched <paramref name="endpoint"/> in the exchange's table.</summary>
    public PolicyDecision Evaluate(string method, ReadOnlySpan<byte> path, ExchangeEndpoint endpoint)
    {
        foreach (var rule in _deny)
        {
            if (rule.Matches(method, path))
            {
                return PolicyDecision.Refuse($"Deny '{rule}'", $"refused by the venue's Deny rule '{rule}'");
            }
        }

        var category = endpoint.Category;
        var neverByProfile = Array.IndexOf(NeverByProfile, category) >= 0;
        foreach (var rule in _allow)
        {
            if (!rule.Matches(method, path))
            {
                continue;
            }

            // Withdrawals and the like open only to a rule that names the endpoint, never to a wildcard.
            if (neverByProfile && rule.Text.Contains('*', StringComparison.Ordinal))
            {
                continue;
            }

            return PolicyDecision.Allow($"Allow '{rule}'");
        }

        if (neverByProfile)
        {
            return PolicyDecision.Refuse($"category {Describe(category)}",
                $"{Describe(category)} endpoints are denied in every profile; allow one only with an Allow rule naming it exactly");
        }

        if (ProfileAllows(category))
        {
            return PolicyDecision.Allow(_profileRule);
        }

        return category == EndpointCategory.Unknown
            ? PolicyDecision.Refuse($"profile {Profile}", $"{method} {System.Text.Encoding.ASCII.GetString(path)} is not an endpoint the {_scheme.Name} catalog lists for profile '{Profile}'; add an Allow rule if the bot needs it")
            : PolicyDecision.Refuse($"profile {Profile}", $"{Describe(category)} endpoints are not allowed by profile '{Profile}'");
    }

    /// <summary>The order guards, on the orders read from the request to be signed.</summary>
    public PolicyDecision EvaluateOrders(OrderRead read)
    {
        if (!HasOrderGuards || !read.PlacesOrders)
        {
            return PolicyDecision.Allow("no order guard");
        }

        if (read.UnreadableReason is { } reason)
        {
            return PolicyDecision.Refuse("order guards", $"refused because order guards are set and {reason}");
        }

        foreach (var order in read.Orders)
        {
            if (_symbols.Count > 0 && (order.Symbol is null || !_symbols.Contains(order.Symbol)))
            {
                return PolicyDecision.Refuse("Symbols", $"symbol '{order.Symbol ?? "(none)"}' is not in the venue's Symbols");
            }

            if (_orderTypes.Count > 0 && (order.Type is null || !_orderTypes.Contains(order.Type)))
            {
                return PolicyDecision.Refuse("AllowedOrderTypes", $"order type '{order.Type ?? "(none)"}' is not in the venue's AllowedOrderTypes");
            }

            if (_maxQuantity is { } maxQuantity && order.Quantity is { } quantity && quantity > maxQuantity)
            {
                return PolicyDecision.Refuse("MaxOrderQuantity", $"quantity {quantity} is above MaxOrderQuantity {maxQuantity}");
            }

            if (_maxNotional is { } maxNotional && order.Notional is { } notional && notional > maxNotional)
            {
                return PolicyDecision.Refuse("MaxOrderNotional", $"price × quantity {notional} is above MaxOrderNotional {maxNotional}");
            }
        }

        return PolicyDecision.Allow("order guards");
    }

    private bool ProfileAllows(EndpointCategory category) => Profile switch
    {
        "trade" => category is EndpointCategory.Public or EndpointCategory.Read or EndpointCategory.Trade,
        "read-only" => category is EndpointCategory.Public or EndpointCategory.Read,
        _ => false,
    };

    private EndpointCategory CategoryOfRule(EndpointPattern rule)
    {
        // Judge the rule by the literal path it names (wildcards as a placeholder segment).
        var path = rule.Text[(rule.Text.IndexOf(' ', StringComparison.Ordinal) + 1)..].Replace("**", "x", StringComparison.Ordinal).Replace("*", "x", StringComparison.Ordinal);
        var literal = System.Text.Encoding.ASCII.GetBytes(path);
        if (rule.Method is Sidecar.Signing.WebSockets.WebSocketAdapter.FrameMethod or "*")
        {
            // A rule for frames ("WS /private/withdraw") is judged by the WebSocket method table; "*" by both.
            var frameCategory = _scheme.Exchange.WebSocket.Methods.Find(Sidecar.Signing.WebSockets.WebSocketAdapter.FrameMethod, literal).Category;
            if (rule.Method != "*" || Array.IndexOf(NeverByProfile, frameCategory) >= 0)
            {
                return frameCategory;
            }
        }

        var method = rule.Method == "*" ? "POST" : rule.Method;
        return _scheme.Exchange.Endpoints.Find(method, literal).Category;
    }

    private static string Describe(EndpointCategory category) => category switch
    {
        EndpointCategory.Withdrawal => "withdrawal",
        EndpointCategory.Transfer => "transfer",
        EndpointCategory.SubAccount => "sub-account",
        EndpointCategory.ApiKeyManagement => "API-key management",
        EndpointCategory.Read => "account-read",
        EndpointCategory.Trade => "trading",
        EndpointCategory.Public => "public",
        _ => "unlisted",
    };
}
