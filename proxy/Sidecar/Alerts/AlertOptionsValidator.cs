using Sidecar.Configuration;

namespace Sidecar.Alerts;

/// <summary>Checks the <c>Alerts</c> section, adding every problem to the list the validator reports at once.</summary>
internal static class AlertOptionsValidator
{
    private const string Section = nameof(SidecarOptions.Alerts);
    private const string Format = $"{Section}:{nameof(AlertOptions.Format)}";

    public static void Validate(AlertOptions alerts, List<string> errors)
    {
        if (alerts.Webhook is { Length: > 0 } webhook && !IsSafeOutboundUrl(webhook))
        {
            errors.Add($"{Section}:{nameof(AlertOptions.Webhook)} must be an https URL (plain http only to a loopback address)");
        }

        if (Array.IndexOf(AlertFormats.All, alerts.Format) < 0)
        {
            errors.Add($"{Format} '{alerts.Format}' is not one of: {string.Join(", ", AlertFormats.All)}");
        }

        if (alerts.Format == AlertFormats.Telegram && string.IsNullOrWhiteSpace(alerts.TelegramChatId))
        {
            errors.Add($"{Section}:{nameof(AlertOptions.TelegramChatId)} is required with {Format} {AlertFormats.Telegram}");
        }

        Require.Between(errors, $"{Section}:{nameof(AlertOptions.DebounceSeconds)}", alerts.DebounceSeconds, AlertOptionsDefaults.MinDebounceSeconds, AlertOptionsDefaults.MaxDebounceSeconds);
        Require.AtLeast(errors, $"{Section}:{nameof(AlertOptions.RefusalBurst)}", alerts.RefusalBurst, AlertOptionsDefaults.MinRefusalBurst);
        Require.Between(errors, $"{Section}:{nameof(AlertOptions.RefusalBurstWindowSeconds)}", alerts.RefusalBurstWindowSeconds, AlertOptionsDefaults.MinRefusalBurstWindowSeconds, AlertOptionsDefaults.MaxRefusalBurstWindowSeconds);
    }

    private static bool IsSafeOutboundUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && HostNames.IsLoopback(uri.Host)));
}
