using Microsoft.Extensions.Logging;
using Sidecar.Configuration;
using Sidecar.Logging;
using Sidecar.Pkcs11;
using Sidecar.Proxy;
using Sidecar.Signing;
using Sidecar.Signing.Nonces;

namespace Sidecar.Hosting;

/// <summary>
/// Turns validated venue definitions into venues ready to sign: each key and passphrase looked up on the token,
/// each scheme prepared. Lives as long as the host, so a configuration reloaded later reuses the nonce counter of
/// every key it still names — a key's nonces must keep increasing whatever the configuration says.
/// </summary>
internal sealed partial class VenueResolver
{
    /// <summary>Nonce leases reach 10 s of microsecond nonces ahead: one durable write per 10 s of signing.</summary>
    private const long NonceLeaseSpan = 10_000_000;

    private readonly HsmSet _hsms;
    private readonly string? _stateDirectory;
    private readonly TimeProvider _clock;
    private readonly Sidecar.Alerts.AlertSink? _alerts;
    private readonly Dictionary<string, NonceCounter> _nonces = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Hsm, string Label), Sidecar.Signing.Tokens.TokenVault> _tokens = [];
    private readonly Dictionary<(string Hsm, string Label, SignatureAlgorithm Algorithm), ISigningKey> _keys = [];

    /// <param name="clock">The new venues' rate limits run on it; the system's when null.</param>
    /// <param name="alerts">Where the venues' governors raise <c>rate_limit_near</c>; none in the doctor.</param>
    public VenueResolver(HsmSet hsms, string? stateDirectory, TimeProvider? clock = null, Sidecar.Alerts.AlertSink? alerts = null)
    {
        _hsms = hsms;
        _stateDirectory = stateDirectory;
        _clock = clock ?? TimeProvider.System;
        _alerts = alerts;
    }

    /// <param name="previous">
    /// The table in force when this is a reload: a venue of the same name keeps its rate-limit state
    /// (see <see cref="Sidecar.Policy.VenueLimits.ReloadedWith"/>).
    /// </param>
    /// <exception cref="ConfigException">Keys or passphrases are missing or ambiguous on the token (all of them listed).</exception>
    public VenueTable Resolve(IReadOnlyList<VenueDefinition> definitions, ILogger log, VenueTable? previous = null)
    {
        var errors = new List<string>();
        var venues = new List<Venue>();
        var sharing = new List<(VenueDefinition Definition, VenueCredentials Credentials, Sidecar.Clock.VenueClock Clock)>();
        foreach (var definition in definitions)
        {
            var scheme = definition.Scheme;
            if (!_hsms.TryGet(definition.HsmName, out var hsm))
            {
                // Valid in the file, but the HSMs are opened at start-up only: a new Hsms entry waits for a restart.
                errors.Add($"Venues:{definition.Name}:Hsm '{definition.HsmName}' is not open in this process; an HSM added to Hsms is opened at the next restart");
                continue;
            }

            ISigningKey key;
            string? passphrase = null;
            try
            {
                key = KeyOf(hsm, definition.HsmName, definition.KeyLabel, scheme.Algorithm);
            }
            catch (HsmKeyException ex)
            {
                errors.Add($"Venues:{definition.Name}:Key: {ex.Message}");
                continue;
            }

            if (definition.PassphraseLabel is { } passphraseLabel)
            {
                try
                {
                    passphrase = hsm.ReadPassphrase(passphraseLabel);
                }
                catch (HsmKeyException ex)
                {
                    errors.Add($"Venues:{definition.Name}:Passphrase: {ex.Message}");
                    continue;
                }
            }

            var credentials = new VenueCredentials(definition.ApiKey, key, passphrase, scheme.UsesNonces ? NoncesOf(definition.KeyLabel) : null,
                TokensOf(definition.HsmName, definition.KeyLabel));
            if (hsm.CanSign)
            {
                // Skipped when every PIN was refused: preparing may sign (KuCoin), and the venue answers 503 anyway.
                scheme.Prepare(credentials);
            }

            var before = previous?.ByName(definition.Name);
            var clock = before is null ? new Sidecar.Clock.VenueClock() : ClockAfterReload(before, definition);
            if (definition.RateLimitsFrom is not null)
            {
                // Made below, once the venue whose limits it shares exists.
                sharing.Add((definition, credentials, clock));
            }
            else
            {
                var limits = before is { Definition.RateLimitsFrom: null }
                    ? before.Limits.ReloadedWith(before.Definition.Limits, definition.Limits, GovernorAfterReload(before, definition, clock))
                    : new Sidecar.Policy.VenueLimits(definition.Limits, _clock, NewGovernor(definition, clock));
                var orders = before is { Definition.RateLimitsFrom: null } && SameAccount(before, definition) ? before.Orders : new Sidecar.Reconcile.OrderLedger(_clock);
                venues.Add(new Venue(definition, credentials, limits, orders) { Clock = clock });
            }

            Log.VenueReady(log, definition.Name, scheme.Name, definition.UpstreamBase, definition.KeyLabel);
        }

        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }

        // A venue that shares another's rate limits draws from the very same buckets (validated: same key).
        foreach (var (definition, credentials, clock) in sharing)
        {
            var owner = venues.Find(v => v.Name == definition.RateLimitsFrom)!;
            venues.Add(new Venue(definition, credentials, owner.Limits, owner.Orders) { Clock = clock });
        }

        return new VenueTable(venues);
    }

    /// <summary>
    /// After a reload: forgets the keys no venue of <paramref name="inUse"/> signs with, so a reconnect no longer
    /// looks for them (the user deletes the old key after a rotation). Nonce counters are kept: a key that comes
    /// back must continue its sequence.
    /// </summary>
    public void ReleaseUnused(VenueTable inUse)
    {
        var used = new HashSet<ISigningKey>(ReferenceEqualityComparer.Instance);
        foreach (var venue in inUse.All)
        {
            used.Add(venue.Credentials.Key);
        }

        lock (_keys)
        {
            foreach (var (id, key) in _keys.ToArray())
            {
                if (!used.Contains(key))
                {
                    _keys.Remove(id);
                    _hsms.For(id.Hsm).Release(key);
                }
            }
        }
    }

    // One resolved key per label: a reload that still names a key signs with the same object (no second session
    // copy in the HSM for every reload). Replacing a key under the same label is therefore seen after a restart;
    // rotation uses a new label (sidecar keys rotate).
    private ISigningKey KeyOf(HsmGroup hsm, string hsmName, string label, SignatureAlgorithm algorithm)
    {
        lock (_keys)
        {
            if (!_keys.TryGetValue((hsmName, label, algorithm), out var key))
            {
                key = hsm.ResolveSigningKey(label, algorithm);
                _keys.Add((hsmName, label, algorithm), key);
            }

            return key;
        }
    }

    // The exchange's view of the venue's budget stays while the venue still talks to the same exchange host.
    private Sidecar.Governor.WeightGovernor GovernorAfterReload(Venue before, VenueDefinition next, Sidecar.Clock.VenueClock clock) =>
        before.Limits.Governor is { } governor && SameHost(before, next) ? governor : NewGovernor(next, clock);

    // The orders signed stay while the venue signs for the same account: the same exchange host and key.
    private static bool SameAccount(Venue before, VenueDefinition next) =>
        SameHost(before, next) && before.Definition.HsmName == next.HsmName && before.Definition.KeyLabel == next.KeyLabel;

    private static bool SameHost(Venue before, VenueDefinition next) =>
        before.Exchange == next.Scheme.Exchange && string.Equals(before.SignedHost, next.SignedHost, StringComparison.OrdinalIgnoreCase);

    private Sidecar.Governor.WeightGovernor NewGovernor(VenueDefinition definition, Sidecar.Clock.VenueClock clock) =>
        new(definition.Name, definition.Scheme.Exchange.RateLimits(definition.SignedHost), definition.Limits.WeightReserve, _clock, clock, _alerts)
        {
            Enforce = definition.Limits.ExchangeLimits,
        };

    // The learned exchange clock offset stays while the venue still talks to the same exchange host: a reload
    // that only changes keys or policy must not make the venue unready until its next sync.
    private static Sidecar.Clock.VenueClock ClockAfterReload(Venue before, VenueDefinition next) =>
        string.Equals(before.Definition.UpstreamBase, next.UpstreamBase, StringComparison.Ordinal)
        && before.Definition.Hosts.SequenceEqual(next.Hosts, StringComparer.OrdinalIgnoreCase)
            ? before.Clock
            : new Sidecar.Clock.VenueClock();

    // One vault per key: the REST venue that mints a token and the WebSocket venue that spends it share it, and a
    // reload keeps the placeholders a bot already holds.
    private Sidecar.Signing.Tokens.TokenVault TokensOf(string hsmName, string keyLabel)
    {
        lock (_tokens)
        {
            if (!_tokens.TryGetValue((hsmName, keyLabel), out var vault))
            {
                vault = new Sidecar.Signing.Tokens.TokenVault(_clock);
                _tokens.Add((hsmName, keyLabel), vault);
            }

            return vault;
        }
    }

    // One counter per key: venues sharing a key share its nonce sequence, as the exchange sees it.
    private NonceCounter NoncesOf(string keyLabel)
    {
        lock (_nonces)
        {
            if (!_nonces.TryGetValue(keyLabel, out var counter))
            {
                var stateFile = _stateDirectory is null ? null : Path.Combine(_stateDirectory, "nonce-" + FileNames.Safe(keyLabel));
                counter = new NonceCounter(stateFile, leaseSpan: NonceLeaseSpan);
                _nonces.Add(keyLabel, counter);
            }

            return counter;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.VenueReady, LogLevel.Information, "Venue {Venue}: {Scheme} → {Upstream}, key {KeyLabel}")]
        public static partial void VenueReady(ILogger logger, string venue, string scheme, string upstream, string keyLabel);
    }
}
