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
            const string DefaultName = HsmOptionsDefaults.DefaultHsmName;
            var (standby, standbyPin) = ValidateStandby(options.Hsm, defaultSettings, HsmOptions.SectionPath(DefaultName), DefaultName, errors);
            hsms.Add(DefaultName, new HsmDefinition(DefaultName, defaultSettings, defaultPin, standby, standbyPin));
        }

        foreach (var (name, hsm) in options.Hsms)
        {
            var path = $"{nameof(SidecarOptions.Hsms)}:{name}";
            if (string.Equals(name, HsmOptionsDefaults.DefaultHsmName, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{path}: the name '{HsmOptionsDefaults.DefaultHsmName}' means the {nameof(SidecarOptions.Hsm)} section; choose another name");
                continue;
            }

            if (!EntryNames.IsValid(name))
            {
                errors.Add($"{path}: HSM names use letters, digits, '-' and '_' only");
                continue;
            }

            var settings = HsmOptionsValidator.Validate(hsm, path, name, errors, out var pin);
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
            if (!string.IsNullOrWhiteSpace(definition.Hsm) && definition.Hsm != HsmOptionsDefaults.DefaultHsmName && !options.Hsms.ContainsKey(definition.Hsm))
            {
                const string Hsms = nameof(SidecarOptions.Hsms);
                var known = options.Hsms.Count == 0 ? $"there are no {Hsms} entries" : "known: " + string.Join(", ", options.Hsms.Keys);
                errors.Add($"{nameof(SidecarOptions.Venues)}:{venue}:{nameof(VenueOptions.Hsm)} '{definition.Hsm}' names no entry in {Hsms} ({known})");
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

        var standbyPath = HsmOptions.StandbyPath(path);
        if (standby.Standby is not null)
        {
            errors.Add($"{HsmOptions.StandbyPath(standbyPath)} is not allowed: a standby has no standby of its own");
        }

        var settings = HsmOptionsValidator.Validate(standby, standbyPath, name + HsmOptionsDefaults.StandbyNameSuffix, errors, out var pin);
        if (settings is not null && SameToken(settings, primarySettings))
        {
            errors.Add($"{standbyPath} names the same module and token as {path}; a standby must be another HSM");
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
}
