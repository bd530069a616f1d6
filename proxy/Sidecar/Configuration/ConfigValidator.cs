using System.Net;
using Microsoft.Extensions.Configuration;
using Sidecar.Pkcs11;
using Sidecar.Signing;

namespace Sidecar.Configuration;

/// <summary>
/// Checks every option and reports every problem at once. Checks that need the HSM (token present, key labels
/// found) run later, at start-up, and are reported the same way.
/// </summary>
public static class ConfigValidator
{
    public static ValidatedConfig Validate(SidecarOptions options, IConfiguration? file = null)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        if (file is not null)
        {
            KnownKeys.Check(file, errors);
        }

        var hsm = ValidateHsm(options.Hsm, errors, out var pin);
        string? unixSocket = null;
        Uri? listen = null;
        if (options.Listen?.StartsWith("unix:", StringComparison.Ordinal) == true)
        {
            unixSocket = options.Listen["unix:".Length..];
            if (!Path.IsPathFullyQualified(unixSocket) || !Directory.Exists(Path.GetDirectoryName(unixSocket)))
            {
                errors.Add($"Listen '{options.Listen}' must be unix:/absolute/path/to/socket in an existing directory");
            }
        }
        else
        {
            listen = ValidateListener("Listen", options.Listen, errors);
            if (options.AllowedUids.Count > 0)
            {
                errors.Add("AllowedUids needs a Unix-socket listener (Listen: \"unix:/path\"): TCP connections carry no peer UID");
            }
        }

        var admin = ValidateListener("Admin", options.Admin, errors);
        foreach (var (name, venue) in options.Venues)
        {
            if (venue.AllowedUids.Count > 0 && unixSocket is null)
            {
                errors.Add($"Venues:{name}:AllowedUids needs a Unix-socket listener (Listen: \"unix:/path\")");
            }
        }

        if (listen is not null && !IsLoopback(listen.Host))
        {
            if (options.AllowNonLoopbackListen)
            {
                warnings.Add($"the proxy listens on {listen}, reachable from other hosts: anyone who can connect can use the keys");
            }
            else
            {
                errors.Add($"Listen '{options.Listen}' is not a loopback address; bots reach Sidecar on 127.0.0.1. Set AllowNonLoopbackListen to true to accept this deliberately");
            }
        }

        if (admin is not null && !IsLoopback(admin.Host))
        {
            warnings.Add($"the admin listener (health and readiness only) listens on {admin}");
        }

        if (listen is not null && admin is not null && listen.Port != 0 && listen.Port == admin.Port && listen.Host == admin.Host)
        {
            errors.Add("Listen and Admin must be different addresses: the admin listener never proxies");
        }

        if (options.Limits.MaxRequestBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            errors.Add($"Limits:MaxRequestBodyBytes must be between 1024 and 16777216 (got {options.Limits.MaxRequestBodyBytes})");
        }

        if (options.Limits.UpstreamTimeoutMs is < 100 or > 300_000)
        {
            errors.Add($"Limits:UpstreamTimeoutMs must be between 100 and 300000 (got {options.Limits.UpstreamTimeoutMs})");
        }

        if (options.Limits.ShutdownTimeoutMs < options.Limits.UpstreamTimeoutMs || options.Limits.ShutdownTimeoutMs > 600_000)
        {
            // Shorter than the upstream timeout, a shutdown could cut a signed order off before its answer.
            errors.Add($"Limits:ShutdownTimeoutMs must be at least Limits:UpstreamTimeoutMs ({options.Limits.UpstreamTimeoutMs}) and at most 600000 (got {options.Limits.ShutdownTimeoutMs})");
        }

        if (options.Limits.MaxWebSocketMessageBytes is < 1024 or > 16 * 1024 * 1024)
        {
            errors.Add($"Limits:MaxWebSocketMessageBytes must be between 1024 and 16777216 (got {options.Limits.MaxWebSocketMessageBytes})");
        }

        if (options.Limits.MaxWebSocketConnections is < 1 or > 10_000)
        {
            errors.Add($"Limits:MaxWebSocketConnections must be between 1 and 10000 (got {options.Limits.MaxWebSocketConnections})");
        }

        if (options.Limits.MaxWebSocketBufferBytes < options.Limits.MaxWebSocketMessageBytes || options.Limits.MaxWebSocketBufferBytes > 256 * 1024 * 1024)
        {
            // Below one message, a single large exchange frame would close a bot that reads perfectly well.
            errors.Add($"Limits:MaxWebSocketBufferBytes must be at least Limits:MaxWebSocketMessageBytes ({options.Limits.MaxWebSocketMessageBytes}) and at most 268435456 (got {options.Limits.MaxWebSocketBufferBytes})");
        }

        var venues = ValidateVenues(options.Venues, errors, warnings);
        var hsms = HsmSetValidator.Validate(options, hsm, pin, errors);
        if (options.Audit.Path is { Length: > 0 } auditPath)
        {
            if (!Path.IsPathFullyQualified(auditPath) || !Directory.Exists(Path.GetDirectoryName(auditPath)))
            {
                errors.Add($"Audit:Path '{auditPath}' must be an absolute path in an existing directory");
            }
        }

        if (options.Audit.MaxFileBytes < 4096)
        {
            errors.Add($"Audit:MaxFileBytes must be at least 4096 (got {options.Audit.MaxFileBytes})");
        }

        if (options.Audit.QueueCapacity is < 16 or > 1_000_000)
        {
            errors.Add($"Audit:QueueCapacity must be between 16 and 1000000 (got {options.Audit.QueueCapacity})");
        }

        if (options.Audit.CommitDelayMs is < 0 or > Audit.AuditDefaults.MaxCommitDelayMs)
        {
            errors.Add($"Audit:CommitDelayMs must be between 0 and {Audit.AuditDefaults.MaxCommitDelayMs} (got {options.Audit.CommitDelayMs})");
        }

        ValidateAlertsAndTelemetry(options, errors);
        ClockValidator.Validate(options.Clock, options.Venues, errors);
        if (options.StateDirectory is { Length: > 0 } state && !Directory.Exists(state))
        {
            errors.Add($"StateDirectory '{state}' does not exist");
        }
        if (errors.Count > 0 || (listen is null && unixSocket is null))
        {
            throw new ConfigException(errors);
        }

        return new ValidatedConfig
        {
            Hsm = hsm!,
            Pin = pin!,
            Hsms = hsms,
            Listen = listen,
            ListenUnixSocket = unixSocket,
            AllowedUids = [.. options.AllowedUids],
            Admin = admin!,
            AllowNonLoopbackListen = options.AllowNonLoopbackListen,
            MaxRequestBodyBytes = options.Limits.MaxRequestBodyBytes,
            UpstreamTimeout = TimeSpan.FromMilliseconds(options.Limits.UpstreamTimeoutMs),
            MaxWebSocketMessageBytes = options.Limits.MaxWebSocketMessageBytes,
            MaxWebSocketConnections = options.Limits.MaxWebSocketConnections,
            MaxWebSocketBufferBytes = options.Limits.MaxWebSocketBufferBytes,
            ShutdownTimeout = TimeSpan.FromMilliseconds(options.Limits.ShutdownTimeoutMs),
            Venues = venues,
            StateDirectory = string.IsNullOrWhiteSpace(options.StateDirectory) ? null : options.StateDirectory,
            Audit = options.Audit,
            Alerts = options.Alerts,
            Telemetry = options.Telemetry,
            Keys = options.Keys,
            Clock = options.Clock,
            FileSettings = FileSettingsOf(file),
            Posture = options.Posture,
            Warnings = warnings,
        };
    }

    private static Dictionary<string, string> FileSettingsOf(IConfiguration? file)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in file?.AsEnumerable() ?? [])
        {
            if (value is not null)
            {
                settings[key] = value;
            }
        }

        return settings;
    }

    /// <summary>The HSM part alone, for the <c>keys</c> commands, which need no venues or listeners.</summary>
    public static (HsmSettings Settings, PinSource Pin) ValidateHsmOnly(SidecarOptions options)
    {
        var errors = new List<string>();
        var settings = ValidateHsm(options.Hsm, errors, out var pin);
        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }

        return (settings!, pin!);
    }

    internal static HsmSettings? ValidateHsm(HsmOptions hsm, List<string> errors, out PinSource? pin, string path = "Hsm", string name = OptionsDefaults.DefaultHsmName)
    {
        pin = null;
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(hsm.Module))
        {
            errors.Add($"{path}:Module is required: the path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so");
        }
        else if (!File.Exists(hsm.Module))
        {
            errors.Add($"{path}:Module '{hsm.Module}' does not exist");
        }

        if (string.IsNullOrWhiteSpace(hsm.Token))
        {
            errors.Add($"{path}:Token is required: the label of the token holding the keys");
        }
        else if (System.Text.Encoding.UTF8.GetByteCount(hsm.Token) > 32)
        {
            errors.Add($"{path}:Token '{hsm.Token}' is longer than PKCS#11's 32-byte token label");
        }

        var envPin = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OptionsDefaults.PinEnvironmentVariable));
        if (!string.IsNullOrWhiteSpace(hsm.PinFile))
        {
            if (!File.Exists(hsm.PinFile))
            {
                errors.Add($"{path}:PinFile '{hsm.PinFile}' does not exist");
            }
            else
            {
                pin = new PinSource(hsm.PinFile, FromEnvironment: false);
            }
        }
        else if (envPin)
        {
            pin = new PinSource(null, FromEnvironment: true);
        }
        else
        {
            errors.Add($"no HSM PIN: set {path}:PinFile to a file holding it, or the {OptionsDefaults.PinEnvironmentVariable} environment variable");
        }

        if (hsm.Sessions is < 1 or > 256)
        {
            errors.Add($"{path}:Sessions must be between 1 and 256 (got {hsm.Sessions})");
        }

        if (hsm.SessionWaitMs is < 1 or > 60_000)
        {
            errors.Add($"{path}:SessionWaitMs must be between 1 and 60000 (got {hsm.SessionWaitMs})");
        }

        if (hsm.SignTimeoutMs is < 50 or > 60_000)
        {
            errors.Add($"{path}:SignTimeoutMs must be between 50 and 60000 (got {hsm.SignTimeoutMs})");
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new HsmSettings
        {
            ModulePath = hsm.Module!,
            TokenLabel = hsm.Token!,
            SessionCount = hsm.Sessions,
            SessionWaitTimeout = TimeSpan.FromMilliseconds(hsm.SessionWaitMs),
            SessionKeyCopies = hsm.SessionKeyCopies,
            SignTimeout = TimeSpan.FromMilliseconds(hsm.SignTimeoutMs),
            Name = name,
        };
    }

    private static void ValidateAlertsAndTelemetry(SidecarOptions options, List<string> errors)
    {
        var alerts = options.Alerts;
        if (alerts.Webhook is { Length: > 0 } webhook && !IsSafeOutboundUrl(webhook))
        {
            errors.Add("Alerts:Webhook must be an https URL (plain http only to a loopback address)");
        }

        if (alerts.Format is not ("generic" or "slack" or "telegram"))
        {
            errors.Add($"Alerts:Format '{alerts.Format}' is not one of: generic, slack, telegram");
        }

        if (alerts.Format == "telegram" && string.IsNullOrWhiteSpace(alerts.TelegramChatId))
        {
            errors.Add("Alerts:TelegramChatId is required with Alerts:Format telegram");
        }

        if (alerts.DebounceSeconds is < 0 or > 86_400 || alerts.RefusalBurst < 1 || alerts.RefusalBurstWindowSeconds is < 1 or > 86_400)
        {
            errors.Add("Alerts: DebounceSeconds must be 0–86400, RefusalBurst at least 1, RefusalBurstWindowSeconds 1–86400");
        }

        if (options.Telemetry.Otlp is { Length: > 0 } otlp && !Uri.TryCreate(otlp, UriKind.Absolute, out _))
        {
            errors.Add($"Telemetry:Otlp '{otlp}' is not an absolute URL");
        }

        if (options.Keys.MaxAgeDays is < 1 or > 3650)
        {
            errors.Add($"Keys:MaxAgeDays must be between 1 and 3650 (got {options.Keys.MaxAgeDays})");
        }
    }

    private static bool IsSafeOutboundUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri.Host)));

    private static Uri? ValidateListener(string name, string? value, List<string> errors)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            errors.Add($"{name} '{value}' must be an http://host:port address, e.g. http://127.0.0.1:8080");
            return null;
        }

        return uri;
    }

    private static List<VenueDefinition> ValidateVenues(Dictionary<string, VenueOptions> venues, List<string> errors, List<string> warnings)
    {
        var result = new List<VenueDefinition>();
        if (venues.Count == 0)
        {
            errors.Add("Venues is empty: configure at least one venue");
            return result;
        }

        var hostOwners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, venue) in venues)
        {
            var prefix = $"Venues:{name}";
            var before = errors.Count;
            if (!IsValidVenueName(name))
            {
                errors.Add($"{prefix}: venue names are the first path segment of the proxy URL; use letters, digits, '-' and '_' only");
            }

            SigningScheme? scheme = null;
            if (string.IsNullOrWhiteSpace(venue.Scheme))
            {
                errors.Add($"{prefix}:Scheme is required (one of: {string.Join(", ", SigningSchemes.Names)})");
            }
            else if (!SigningSchemes.TryGet(venue.Scheme, out scheme))
            {
                errors.Add($"{prefix}:Scheme '{venue.Scheme}' is unknown (one of: {string.Join(", ", SigningSchemes.Names)})");
            }

            var upstream = ValidateUpstream(prefix, venue.Upstream, errors);
            var isWebSocket = upstream is not null && (upstream.Scheme == Uri.UriSchemeWss || upstream.Scheme == Uri.UriSchemeWs);
            if (isWebSocket && scheme?.Exchange.WebSocket.UnsupportedReason is { } unsupported)
            {
                errors.Add($"{prefix}:Upstream is a WebSocket URL, but {scheme.Exchange.Name}'s WebSocket API is not supported: {unsupported}");
            }

            if (isWebSocket && venue.Hosts.Count > 0)
            {
                // Hosts select a venue in ccxt's proxyUrl form, which is REST only; a WebSocket venue is named in the URL.
                errors.Add($"{prefix}:Hosts is for REST venues (ccxt's proxyUrl form); a WebSocket venue is reached as ws://{{Listen}}/{name}/{{path}}");
            }

            var hosts = new List<string>();
            var configuredHosts = isWebSocket ? [] : venue.Hosts.Count > 0 ? venue.Hosts : upstream is null ? [] : [upstream.Host];
            foreach (var host in configuredHosts)
            {
                if (Uri.CheckHostName(host) is UriHostNameType.Unknown || host.Contains(':', StringComparison.Ordinal) && !IPAddress.TryParse(host, out _))
                {
                    errors.Add($"{prefix}:Hosts entry '{host}' is not a host name");
                    continue;
                }

                var normalized = host.ToLowerInvariant();
                if (hostOwners.TryGetValue(normalized, out var owner))
                {
                    errors.Add($"{prefix}:Hosts entry '{host}' is already used by venue '{owner}'; a host selects exactly one venue");
                    continue;
                }

                hostOwners[normalized] = name;
                hosts.Add(normalized);
            }

            if (string.IsNullOrWhiteSpace(venue.ApiKey))
            {
                errors.Add($"{prefix}:ApiKey is required: the exchange's API key id (not the secret)");
            }
            else if (!IsHeaderSafe(venue.ApiKey))
            {
                errors.Add($"{prefix}:ApiKey contains characters that cannot go in an HTTP header");
            }

            if (string.IsNullOrWhiteSpace(venue.Key))
            {
                errors.Add($"{prefix}:Key is required: the label of the HSM key that signs for this venue");
            }

            if (scheme is not null && scheme.RequiresPassphrase && string.IsNullOrWhiteSpace(venue.Passphrase))
            {
                errors.Add($"{prefix}:Passphrase is required by {scheme.Name}: the label of the passphrase object on the token (sidecar keys import --type passphrase)");
            }
            else if (scheme is not null && !scheme.RequiresPassphrase && !string.IsNullOrWhiteSpace(venue.Passphrase))
            {
                errors.Add($"{prefix}:Passphrase is set, but {scheme.Name} does not use a passphrase");
            }

            var policy = scheme is null ? null : PolicyValidator.Validate(prefix + ":Policy", venue.Policy, scheme, errors, warnings);
            if (errors.Count == before)
            {
                result.Add(new VenueDefinition
                {
                    Name = name,
                    Scheme = scheme!,
                    UpstreamBase = upstream!.GetLeftPart(UriPartial.Path).TrimEnd('/'),
                    Hosts = hosts,
                    ApiKey = venue.ApiKey!,
                    KeyLabel = venue.Key!,
                    PassphraseLabel = string.IsNullOrWhiteSpace(venue.Passphrase) ? null : venue.Passphrase,
                    HsmName = string.IsNullOrWhiteSpace(venue.Hsm) ? OptionsDefaults.DefaultHsmName : venue.Hsm,
                    Policy = policy!,
                    Limits = venue.Policy,
                    AllowedUids = [.. venue.AllowedUids],
                });
            }
        }

        return result;
    }

    private static Uri? ValidateUpstream(string prefix, string? value, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{prefix}:Upstream is required, e.g. https://api.binance.com");
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            errors.Add($"{prefix}:Upstream '{value}' must be an absolute URL without query, fragment or credentials");
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeWss)
        {
            return uri;
        }

        if ((uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeWs) && IsLoopback(uri.Host))
        {
            return uri;
        }

        errors.Add($"{prefix}:Upstream '{value}' must use https, or wss for a WebSocket venue (plain http and ws are allowed only to a loopback address, for tests)");
        return null;
    }

    internal static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);

    private static bool IsValidVenueName(string name)
    {
        if (name.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
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
