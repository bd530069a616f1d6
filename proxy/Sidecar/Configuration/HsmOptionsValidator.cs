using Sidecar.Pkcs11;

namespace Sidecar.Configuration;

/// <summary>Checks one HSM section (<c>Hsm</c>, an <c>Hsms</c> entry or a <c>Standby</c>) and builds its settings.</summary>
internal static class HsmOptionsValidator
{
    /// <summary>The settings, or null when the section has errors (added to <paramref name="errors"/>).</summary>
    /// <param name="path">The section's place in the file, e.g. <c>Hsm</c>, <c>Hsms:cold</c>, <c>Hsm:Standby</c>.</param>
    /// <param name="name">The HSM's name in audit records, metrics and readiness.</param>
    public static HsmSettings? Validate(HsmOptions hsm, string path, string name, List<string> errors, out PinSource? pin)
    {
        pin = null;
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(hsm.Module))
        {
            errors.Add($"{path}:{nameof(HsmOptions.Module)} is required: the path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so");
        }
        else if (!File.Exists(hsm.Module))
        {
            errors.Add($"{path}:{nameof(HsmOptions.Module)} '{hsm.Module}' does not exist");
        }

        if (string.IsNullOrWhiteSpace(hsm.Token))
        {
            errors.Add($"{path}:{nameof(HsmOptions.Token)} is required: the label of the token holding the keys");
        }
        else if (System.Text.Encoding.UTF8.GetByteCount(hsm.Token) > HsmOptionsDefaults.MaxTokenLabelBytes)
        {
            errors.Add($"{path}:{nameof(HsmOptions.Token)} '{hsm.Token}' is longer than PKCS#11's {HsmOptionsDefaults.MaxTokenLabelBytes}-byte token label");
        }

        pin = ValidatePin(hsm, path, errors);
        Require.Between(errors, $"{path}:{nameof(HsmOptions.Sessions)}", hsm.Sessions, HsmOptionsDefaults.MinSessions, HsmOptionsDefaults.MaxSessions);
        Require.Between(errors, $"{path}:{nameof(HsmOptions.SessionWaitMs)}", hsm.SessionWaitMs, HsmOptionsDefaults.MinSessionWaitMs, HsmOptionsDefaults.MaxSessionWaitMs);
        Require.Between(errors, $"{path}:{nameof(HsmOptions.SignTimeoutMs)}", hsm.SignTimeoutMs, HsmOptionsDefaults.MinSignTimeoutMs, HsmOptionsDefaults.MaxSignTimeoutMs);
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

    // The PIN file when set (it must exist), else the environment variable; never the JSON file (KnownKeys refuses "Pin").
    private static PinSource? ValidatePin(HsmOptions hsm, string path, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(hsm.PinFile))
        {
            if (File.Exists(hsm.PinFile))
            {
                return new PinSource(hsm.PinFile, FromEnvironment: false);
            }

            errors.Add($"{path}:{nameof(HsmOptions.PinFile)} '{hsm.PinFile}' does not exist");
            return null;
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PinSource.EnvironmentVariable)))
        {
            return new PinSource(null, FromEnvironment: true);
        }

        errors.Add($"no HSM PIN: set {path}:{nameof(HsmOptions.PinFile)} to a file holding it, or the {PinSource.EnvironmentVariable} environment variable");
        return null;
    }
}
