using Sidecar.Configuration;
using Sidecar.Pkcs11;

namespace Sidecar.Cli;

/// <summary>
/// Which configured HSM a <c>keys</c> command works on: <c>--hsm NAME</c> names an <c>Hsms</c> entry, and
/// <c>NAME.standby</c> its standby (a standby needs its own copy of each key). Without it, the <c>Hsm</c> section.
/// </summary>
internal static class HsmSelection
{
    private const string StandbySuffix = ".standby";

    public static (HsmSettings Settings, PinSource Pin) Resolve(SidecarOptions options, string? name)
    {
        if (name is null or OptionsDefaults.DefaultHsmName)
        {
            return ConfigValidator.ValidateHsmOnly(options);
        }

        var standby = name.EndsWith(StandbySuffix, StringComparison.Ordinal);
        var entryName = standby ? name[..^StandbySuffix.Length] : name;
        HsmOptions? entry = entryName == OptionsDefaults.DefaultHsmName ? options.Hsm : options.Hsms.GetValueOrDefault(entryName);
        if (entry is null)
        {
            var known = string.Join(", ", [OptionsDefaults.DefaultHsmName, .. options.Hsms.Keys]);
            throw new UsageException($"--hsm '{name}' names no HSM in the config (known: {known}; add .standby for a standby)");
        }

        var path = entryName == OptionsDefaults.DefaultHsmName ? "Hsm" : $"Hsms:{entryName}";
        if (standby)
        {
            entry = entry.Standby ?? throw new UsageException($"--hsm '{name}': {path} has no Standby");
            path += ":Standby";
        }

        var errors = new List<string>();
        var settings = ConfigValidator.ValidateHsm(entry, errors, out var pin, path, name);
        if (errors.Count > 0 || settings is null || pin is null)
        {
            throw new ConfigException(errors);
        }

        return (settings, pin);
    }
}
