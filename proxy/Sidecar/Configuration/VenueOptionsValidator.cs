using System.Net;
using Sidecar.Policy;
using Sidecar.Signing;

namespace Sidecar.Configuration;

/// <summary>
/// Checks the <c>Venues</c> section (each venue and its <c>Policy</c>) and builds the venue definitions. Every
/// problem joins the list the validator reports at once.
/// </summary>
internal static class VenueOptionsValidator
{
    private const string Section = nameof(SidecarOptions.Venues);

    /// <summary>API key ids are 64 characters at Binance, 36 at Bybit and OKX; 256 leaves room and bounds the header.</summary>
    private const int MaxClientKeyLength = 256;

    public static List<VenueDefinition> Validate(Dictionary<string, VenueOptions> venues, List<string> errors, List<string> warnings)
    {
        var result = new List<VenueDefinition>();
        if (venues.Count == 0)
        {
            errors.Add($"{Section} is empty: configure at least one venue");
            return result;
        }

        var hostOwners = new Dictionary<string, List<HostOwner>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, venue) in venues)
        {
            var prefix = $"{Section}:{name}";
            var before = errors.Count;
            if (!EntryNames.IsValid(name))
            {
                errors.Add($"{prefix}: venue names are the first path segment of the proxy URL; use letters, digits, '-' and '_' only");
            }

            SigningScheme? scheme = null;
            if (string.IsNullOrWhiteSpace(venue.Scheme))
            {
                errors.Add($"{prefix}:{nameof(VenueOptions.Scheme)} is required (one of: {string.Join(", ", SigningSchemes.Names)})");
            }
            else if (!SigningSchemes.TryGet(venue.Scheme, out scheme))
            {
                errors.Add($"{prefix}:{nameof(VenueOptions.Scheme)} '{venue.Scheme}' is unknown (one of: {string.Join(", ", SigningSchemes.Names)})");
            }

            var upstream = ValidateUpstream($"{prefix}:{nameof(VenueOptions.Upstream)}", venue.Upstream, errors);
            var isWebSocket = upstream is not null && (upstream.Scheme == Uri.UriSchemeWss || upstream.Scheme == Uri.UriSchemeWs);
            if (isWebSocket && scheme?.Exchange.WebSocket.UnsupportedReason is { } unsupported)
            {
                errors.Add($"{prefix}:{nameof(VenueOptions.Upstream)} is a WebSocket URL, but {scheme.Exchange.Name}'s WebSocket API is not supported: {unsupported}");
            }

            // A WebSocket venue's hosts are explicit only: its loopback test upstreams would otherwise claim the host of
            // the REST venue beside them. Named, they select it in the prefixed form ws://{Listen}/wss://{host}/{path}.
            var clientKey = ValidateClientKey(prefix, venue.ClientKey, isWebSocket, scheme, errors);
            var hosts = new List<string>();
            var configuredHosts = venue.Hosts.Count > 0 ? venue.Hosts : isWebSocket || upstream is null ? [] : [upstream.Host];
            foreach (var host in configuredHosts)
            {
                if (Uri.CheckHostName(host) is UriHostNameType.Unknown || host.Contains(':', StringComparison.Ordinal) && !IPAddress.TryParse(host, out _))
                {
                    errors.Add($"{prefix}:{nameof(VenueOptions.Hosts)} entry '{host}' is not a host name");
                    continue;
                }

                var normalized = host.ToLowerInvariant();
                var me = new HostOwner(name, clientKey, scheme?.Exchange);
                if (hostOwners.TryGetValue(normalized, out var owners))
                {
                    if (SharedHostProblem(owners, me, host) is { } problem)
                    {
                        errors.Add($"{prefix}:{nameof(VenueOptions.Hosts)} entry {problem}");
                        continue;
                    }

                    owners.Add(me);
                }
                else
                {
                    hostOwners[normalized] = [me];
                }

                hosts.Add(normalized);
            }

            if (string.IsNullOrWhiteSpace(venue.ApiKey))
            {
                errors.Add($"{prefix}:{nameof(VenueOptions.ApiKey)} is required: the exchange's API key id (not the secret)");
            }
            else if (!IsHeaderSafe(venue.ApiKey))
            {
                errors.Add($"{prefix}:{nameof(VenueOptions.ApiKey)} contains characters that cannot go in an HTTP header");
            }

            if (string.IsNullOrWhiteSpace(venue.Key))
            {
                errors.Add($"{prefix}:{nameof(VenueOptions.Key)} is required: the label of the HSM key that signs for this venue");
            }

            if (scheme is not null && scheme.RequiresPassphrase && string.IsNullOrWhiteSpace(venue.Passphrase))
            {
                errors.Add($"{prefix}:{nameof(VenueOptions.Passphrase)} is required by {scheme.Name}: the label of the passphrase object on the token (sidecar keys import --type passphrase)");
            }
            else if (scheme is not null && !scheme.RequiresPassphrase && !string.IsNullOrWhiteSpace(venue.Passphrase))
            {
                errors.Add($"{prefix}:{nameof(VenueOptions.Passphrase)} is set, but {scheme.Name} does not use a passphrase");
            }

            var policy = scheme is null ? null : PolicyOptionsValidator.Validate($"{prefix}:{nameof(VenueOptions.Policy)}", venue.Policy, scheme, errors, warnings);
            Sidecar.Reconcile.ReconcileOptionsValidator.Validate($"{prefix}:{nameof(VenueOptions.Reconcile)}", venue.Reconcile, errors);
            if (errors.Count == before)
            {
                result.Add(new VenueDefinition
                {
                    Name = name,
                    Scheme = scheme!,
                    UpstreamBase = upstream!.GetLeftPart(UriPartial.Path).TrimEnd('/'),
                    Hosts = hosts,
                    ApiKey = venue.ApiKey!,
                    ClientKey = clientKey,
                    KeyLabel = venue.Key!,
                    PassphraseLabel = string.IsNullOrWhiteSpace(venue.Passphrase) ? null : venue.Passphrase,
                    HsmName = string.IsNullOrWhiteSpace(venue.Hsm) ? HsmOptionsDefaults.DefaultHsmName : venue.Hsm,
                    Policy = policy!,
                    Limits = venue.Policy,
                    Reconcile = venue.Reconcile,
                    AllowedUids = [.. venue.AllowedUids],
                    RateLimitsFrom = string.IsNullOrWhiteSpace(venue.RateLimitsFrom) ? null : venue.RateLimitsFrom,
                });
            }
        }

        return SharedRateLimits(result, errors);
    }

    /// <summary>
    /// Which venues share another's rate limits: the one named by <c>RateLimitsFrom</c> (it must sign with the same
    /// key and keep its own), or, for a WebSocket venue, the one REST venue of its exchange that signs with its key.
    /// </summary>
    private static List<VenueDefinition> SharedRateLimits(List<VenueDefinition> venues, List<string> errors)
    {
        static bool SameKey(VenueDefinition a, VenueDefinition b) => a.HsmName == b.HsmName && a.KeyLabel == b.KeyLabel;
        var byName = new Dictionary<string, VenueDefinition>(StringComparer.Ordinal);
        foreach (var venue in venues)
        {
            byName[venue.Name] = venue;
        }

        for (var i = 0; i < venues.Count; i++)
        {
            var venue = venues[i];
            var setting = $"{Section}:{venue.Name}:{nameof(VenueOptions.RateLimitsFrom)}";
            if (venue.RateLimitsFrom is { } named)
            {
                if (!byName.TryGetValue(named, out var owner))
                {
                    errors.Add($"{setting} names '{named}', which is not a configured venue");
                }
                else if (owner.Name == venue.Name || owner.RateLimitsFrom is not null)
                {
                    errors.Add($"{setting} must name a venue that keeps its own rate limits ('{named}' shares another's)");
                }
                else if (!SameKey(owner, venue))
                {
                    errors.Add($"{setting}: '{named}' signs with another key; rate limits are shared between venues of one key");
                }

                continue;
            }

            if (!venue.IsWebSocket)
            {
                continue;
            }

            var candidates = new List<string>();
            foreach (var other in venues)
            {
                if (!other.IsWebSocket && other.RateLimitsFrom is null && SameKey(other, venue) && other.Scheme.Exchange == venue.Scheme.Exchange)
                {
                    candidates.Add(other.Name);
                }
            }

            if (candidates.Count == 1)
            {
                venues[i] = venue with { RateLimitsFrom = candidates[0] };
            }
            else if (candidates.Count > 1)
            {
                errors.Add($"{setting} is required: WebSocket venue '{venue.Name}' signs with the key of REST venues {string.Join(", ", candidates)}; name the one whose rate limits it shares");
            }
        }

        return venues;
    }

    private static Uri? ValidateUpstream(string setting, string? value, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{setting} is required, e.g. https://api.binance.com");
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            errors.Add($"{setting} '{value}' must be an absolute URL without query, fragment or credentials");
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeWss)
        {
            return uri;
        }

        if ((uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeWs) && HostNames.IsLoopback(uri.Host))
        {
            return uri;
        }

        errors.Add($"{setting} '{value}' must use https, or wss for a WebSocket venue (plain http and ws are allowed only to a loopback address, for tests)");
        return null;
    }

    /// <summary>A venue listing a host, for the rule that venues share a host only when each has a ClientKey.</summary>
    private readonly record struct HostOwner(string Venue, string? ClientKey, Exchange? Exchange);

    private static string? ValidateClientKey(string prefix, string? value, bool isWebSocket, SigningScheme? scheme, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var setting = $"{prefix}:{nameof(VenueOptions.ClientKey)}";
        if (!IsHeaderSafe(value) || value.Length > MaxClientKeyLength)
        {
            errors.Add($"{setting} must be at most {MaxClientKeyLength} printable ASCII characters without spaces: it travels in an HTTP header");
        }
        else if (isWebSocket)
        {
            errors.Add($"{setting} selects a REST venue by the API key a request carries; a WebSocket upgrade carries none (name the venue in the URL)");
        }
        else if (scheme is { Exchange.ClientKeyHeader: null })
        {
            errors.Add($"{setting}: {scheme.Exchange.Name} requests carry the key id inside a signed value, not in a header Sidecar can read before signing, so its venues cannot share a host");
        }

        return value;
    }

    /// <summary>Why <paramref name="me"/> may not share <paramref name="host"/> with the venues already on it; null when it may.</summary>
    private static string? SharedHostProblem(List<HostOwner> owners, HostOwner me, string host)
    {
        foreach (var owner in owners)
        {
            if (owner.ClientKey is null || me.ClientKey is null)
            {
                return $"'{host}' is already used by venue '{owner.Venue}'; a host selects exactly one venue, unless every venue on it has a distinct {nameof(VenueOptions.ClientKey)} (the placeholder API key its bot sends)";
            }

            if (owner.Exchange != me.Exchange)
            {
                return $"'{host}' is already used by venue '{owner.Venue}' of {owner.Exchange?.Name ?? "another exchange"}; venues sharing a host must be of one exchange";
            }

            if (string.Equals(owner.ClientKey, me.ClientKey, StringComparison.Ordinal))
            {
                return $"'{host}' is shared with venue '{owner.Venue}', which has the same {nameof(VenueOptions.ClientKey)}; venues sharing a host need distinct ones";
            }
        }

        return null;
    }

    private static bool IsHeaderSafe(string value)
    {
        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
