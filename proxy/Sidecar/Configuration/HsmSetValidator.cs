using Sidecar.Pkcs11;

namespace Sidecar.Configuration;

/// <summary>
/// The HSMs beyond the <c>Hsm</c> section: named <c>Hsms</c> entries, each section's <c>Standby</c>, and the
/// venues' <c>Hsm</c> references. Errors join the validator's list, so everything is reported at once.
/// </summary>
internal static class HsmSetValidator
{
    public static IReadOnlyDictionary<string, HsmDefinition> Validate(SidecarOptions options, HsmSettings? defaultSettings, PinSource? defaultPin, List<string> errors)
    {
        var hsms = new Dictionary<string, HsmDefinition>(StringComparer.Ordinal);
        if (defaultSettings is not null && defaultPin is not null)
        {
            var (standby, standbyPin) = ValidateStandby(options.Hsm, defaultSettings, "Hsm", OptionsDefaults.DefaultHsmName, errors);
            hsms.Add(OptionsDefaults.DefaultHsmName, new HsmDefinition(OptionsDefaults.DefaultHsmName, defaultSettings, defaultPin, standby, standbyPin));
        }

        foreach (var (name, hsm) in options.Hsms)
        {
            var path = $"Hsms:{name}";
            if (string.Equals(name, OptionsDefaults.DefaultHsmName, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{path}: the name '{OptionsDefaults.DefaultHsmName}' means the Hsm section; choose another name");
                continue;
            }

            if (!IsSimpleName(name))
            {
                errors.Add($"{path}: HSM names use letters, digits, '-' and '_' only");
                continue;
            }

            var settings = ConfigValidator.ValidateHsm(hsm, errors, out var pin, path, name);
            if (settings is null || pin is null)
            {
                continue;
            }

            var (standby, standbyPin) = ValidateStandby(hsm, settings, path, name, errors);
            hsms.Add(name, new HsmDefinition(name, settings, pin, standby, standbyPin));
        }

        CheckDistinct(hsms, errors);
        foreach (var (venue, definition) in options.Venues)
        {
            if (!string.IsNullOrWhiteSpace(definition.Hsm) && definition.Hsm != OptionsDefaults.DefaultHsmName && !options.Hsms.ContainsKey(definition.Hsm))
            {
                var known = options.Hsms.Count == 0 ? "there are no Hsms entries" : "known: " + string.Join(", ", options.Hsms.Keys);
                errors.Add($"Venues:{venue}:Hsm '{definition.Hsm}' names no entry in Hsms ({known})");
            }
        }

        return hsms;
    }

    private static (HsmSettings? Settings, PinSource? Pin) ValidateStandby(HsmOptions primary, HsmSettings primarySettings, string path, string name, List<string> errors)
    {
        if (primary.Standby is not { } standby)
        {
            return (null, null);
        }

        if (standby.Standby is not null)
        {
            errors.Add($"{path}:Standby:Standby is not allowed: a standby has no standby of its own");
        }

        var settings = ConfigValidator.ValidateHsm(standby, errors, out var pin, path + ":Standby", name + ".standby");
        if (settings is not null && SameToken(settings, primarySettings))
        {
            errors.Add($"{path}:Standby names the same module and token as {path}; a standby must be another HSM");
            return (null, null);
        }

        return (settings, pin);
    }

    // Two sections on one module and token would log in twice to the same token: one of them is a mistake.
    private static void CheckDistinct(Dictionary<string, HsmDefinition> hsms, List<string> errors)
    {
        var seen = new List<(string Name, HsmSettings Settings)>();
        foreach (var definition in hsms.Values)
        {
            foreach (var settings in definition.Standby is null ? [definition.Settings] : new[] { definition.Settings, definition.Standby })
            {
                foreach (var (otherName, other) in seen)
                {
                    if (SameToken(settings, other))
                    {
                        errors.Add($"HSMs '{otherName}' and '{settings.Name}' name the same module and token ('{settings.TokenLabel}'); use one entry");
                    }
                }

                seen.Add((settings.Name, settings));
            }
        }
    }

    private static bool SameToken(HsmSettings a, HsmSettings b) =>
        string.Equals(Path.GetFullPath(a.ModulePath), Path.GetFullPath(b.ModulePath), StringComparison.Ordinal)
        && string.Equals(a.TokenLabel, b.TokenLabel, StringComparison.Ordinal);

    private static bool IsSimpleName(string name)
    {
        if (name.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
