using Sidecar.Configuration;

namespace Sidecar.Telemetry;

/// <summary>Checks the <c>Keys</c> section, adding every problem to the list the validator reports at once.</summary>
internal static class KeysOptionsValidator
{
    public static void Validate(KeysOptions keys, List<string> errors) =>
        Require.Between(errors, $"{nameof(SidecarOptions.Keys)}:{nameof(KeysOptions.MaxAgeDays)}", keys.MaxAgeDays, KeysOptionsDefaults.MinMaxAgeDays, KeysOptionsDefaults.MaxMaxAgeDays);
}
