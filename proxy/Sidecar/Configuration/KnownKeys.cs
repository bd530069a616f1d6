using Microsoft.Extensions.Configuration;

namespace Sidecar.Configuration;

/// <summary>
/// Reports keys in the config file that no option reads — a typo such as "Upstrem" would otherwise silently fall
/// back to a default. Checked on the file only: environment variables with the prefix are the user's business.
/// </summary>
internal static class KnownKeys
{
    private static readonly string[] Root = ["Hsm", "Listen", "Admin", "AllowNonLoopbackListen", "Limits", "StateDirectory", "AllowedUids", "Audit", "Alerts", "Telemetry", "Keys", "Venues", "Posture"];
    private static readonly string[] Hsm = ["Module", "Token", "PinFile", "Sessions", "SessionWaitMs", "SessionKeyCopies"];
    private static readonly string[] Limits = ["MaxRequestBodyBytes", "UpstreamTimeoutMs"];
    private static readonly string[] Audit = ["Path", "FailClosed", "MaxFileBytes", "QueueCapacity"];
    private static readonly string[] Alerts = ["Webhook", "Format", "TelegramChatId", "DebounceSeconds", "RefusalBurst", "RefusalBurstWindowSeconds"];
    private static readonly string[] Telemetry = ["Otlp", "PropagateTraceContext"];
    private static readonly string[] Keys = ["MaxAgeDays"];
    private static readonly string[] Posture = ["Strict", "CheckAtStartup", "HardenProcess"];
    private static readonly string[] Venue = ["Scheme", "Upstream", "Hosts", "ApiKey", "Key", "Passphrase", "Policy", "AllowedUids"];
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
            if (string.Equals(child.Key, "Pin", StringComparison.OrdinalIgnoreCase) && ReferenceEquals(allowed, Hsm))
            {
                errors.Add($"'{child.Path}' is not allowed: the PIN never goes in the config file; use Hsm:PinFile or the {OptionsDefaults.PinEnvironmentVariable} environment variable");
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
