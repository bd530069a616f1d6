using Microsoft.Extensions.Configuration;

namespace Sidecar.Configuration;

/// <summary>
/// Reports keys in the config file that no option reads — a typo such as "Upstrem" would otherwise silently fall
/// back to a default. Checked on the file only: environment variables with the prefix are the user's business.
/// </summary>
internal static class KnownKeys
{
    private static readonly string[] Root = ["Hsm", "Listen", "Admin", "AllowNonLoopbackListen", "Limits", "StateDirectory", "AllowedUids", "Audit", "Alerts", "Telemetry", "Keys", "Venues", "Clock", "Hsms", "Posture"];
    private static readonly string[] Hsm = ["Module", "Token", "PinFile", "Sessions", "SessionWaitMs", "SessionKeyCopies", "SignTimeoutMs", "Standby"];
    private static readonly string[] HsmStandby = ["Module", "Token", "PinFile", "Sessions", "SessionWaitMs", "SessionKeyCopies", "SignTimeoutMs"];
    private static readonly string[] Limits = ["MaxRequestBodyBytes", "UpstreamTimeoutMs", "ShutdownTimeoutMs", "MaxWebSocketMessageBytes", "MaxWebSocketConnections", "MaxWebSocketBufferBytes"];
    private static readonly string[] Audit = ["Path", "FailClosed", "MaxFileBytes", "QueueCapacity", "CommitDelayMs"];
    private static readonly string[] Alerts = ["Webhook", "Format", "TelegramChatId", "DebounceSeconds", "RefusalBurst", "RefusalBurstWindowSeconds"];
    private static readonly string[] Telemetry = ["Otlp", "PropagateTraceContext"];
    private static readonly string[] Keys = ["MaxAgeDays", "EnforceMaxAge"];
    private static readonly string[] Clock = ["MaxSkewMs", "SyncIntervalSeconds", "MaxOffsetAgeSeconds", "Restamp", "LocalClockVenues"];
    private static readonly string[] Posture = ["Strict", "CheckAtStartup", "HardenProcess"];
    private static readonly string[] Venue = ["Scheme", "Upstream", "Hosts", "ApiKey", "Key", "Passphrase", "Policy", "AllowedUids", "Hsm"];
    private static readonly string[] Policy =
        ["Profile", "Allow", "Deny", "Symbols", "MaxOrderQuantity", "MaxOrderNotional", "AllowedOrderTypes", "RequestsPerSecond", "Burst", "OrdersPer10Seconds"];

    public static void Check(IConfiguration file, List<string> errors)
    {
        foreach (var section in file.GetChildren())
        {
            if (!Contains(Root, section.Key))
            {
                errors.Add($"unknown setting '{section.Path}'");
                continue;
            }

            switch (section.Key.ToUpperInvariant())
            {
                case "HSM":
                    CheckChildren(section, Hsm, errors);
                    CheckChildren(section.GetSection("Standby"), HsmStandby, errors);
                    break;
                case "HSMS":
                    foreach (var entry in section.GetChildren())
                    {
                        CheckChildren(entry, Hsm, errors);
                        CheckChildren(entry.GetSection("Standby"), HsmStandby, errors);
                    }

                    break;
                case "LIMITS":
                    CheckChildren(section, Limits, errors);
                    break;
                case "AUDIT":
                    CheckChildren(section, Audit, errors);
                    break;
                case "ALERTS":
                    CheckChildren(section, Alerts, errors);
                    break;
                case "TELEMETRY":
                    CheckChildren(section, Telemetry, errors);
                    break;
                case "KEYS":
                    CheckChildren(section, Keys, errors);
                    break;
                case "CLOCK":
                    CheckChildren(section, Clock, errors);
                    break;
                case "POSTURE":
                    CheckChildren(section, Posture, errors);
                    break;
                case "VENUES":
                    foreach (var venue in section.GetChildren())
                    {
                        CheckChildren(venue, Venue, errors);
                        CheckChildren(venue.GetSection("Policy"), Policy, errors);
                    }

                    break;
            }
        }
    }

    private static void CheckChildren(IConfigurationSection section, string[] allowed, List<string> errors)
    {
        foreach (var child in section.GetChildren())
        {
            if (string.Equals(child.Key, "Pin", StringComparison.OrdinalIgnoreCase) && (ReferenceEquals(allowed, Hsm) || ReferenceEquals(allowed, HsmStandby)))
            {
                errors.Add($"'{child.Path}' is not allowed: the PIN never goes in the config file; use {section.Path}:PinFile or the {OptionsDefaults.PinEnvironmentVariable} environment variable");
            }
            else if (!Contains(allowed, child.Key))
            {
                errors.Add($"unknown setting '{child.Path}' (known: {string.Join(", ", allowed)})");
            }
        }
    }

    private static bool Contains(string[] names, string key)
    {
        foreach (var name in names)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
