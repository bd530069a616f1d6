using Sidecar.Configuration;
using Sidecar.Pkcs11;

namespace Sidecar.Cli;

/// <summary>
/// Which configured HSM a <c>keys</c> command works on: <c>--hsm NAME</c> names an <c>Hsms</c> entry, and
/// <c>NAME.standby</c> its standby (a standby needs its own copy of each key). Without it, the <c>Hsm</c> section.
/// </summary>
internal static class HsmSelection
{
    public static (HsmSettings Settings, PinSource Pin) Resolve(SidecarOptions options, string? name)
    {
        if (name is null or HsmOptionsDefaults.DefaultHsmName)
        {
            return ConfigValidator.ValidateHsmOnly(options);
        }

        var standby = name.EndsWith(HsmOptionsDefaults.StandbyNameSuffix, StringComparison.Ordinal);
        var entryName = standby ? name[..^HsmOptionsDefaults.StandbyNameSuffix.Length] : name;
        HsmOptions? entry = entryName == HsmOptionsDefaults.DefaultHsmName ? options.Hsm : options.Hsms.GetValueOrDefault(entryName);
        if (entry is null)
        {
            var known = string.Join(", ", [HsmOptionsDefaults.DefaultHsmName, .. options.Hsms.Keys]);
            throw new UsageException($"--hsm '{name}' names no HSM in the config (known: {known}; add {HsmOptionsDefaults.StandbyNameSuffix} for a standby)");
        }

        var path = HsmOptions.SectionPath(entryName);
        if (standby)
        {
            entry = entry.Standby ?? throw new UsageException($"--hsm '{name}': {path} has no {nameof(HsmOptions.Standby)}");
            path = HsmOptions.StandbyPath(path);
        }

        var errors = new List<string>();
        var settings = HsmOptionsValidator.Validate(entry, path, name, errors, out var pin);
        if (errors.Count > 0 || settings is null || pin is null)
        {
            throw new ConfigException(errors);
        }

        return (settings, pin);
    }
}
