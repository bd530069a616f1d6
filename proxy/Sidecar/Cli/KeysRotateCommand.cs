using System.Security.Cryptography;
using Sidecar.Configuration;
using Sidecar.Pkcs11;

namespace Sidecar.Cli;

/// <summary>
/// <c>sidecar keys rotate --config FILE --venue V --label NEW [--api-key ID] [--encoding utf8|base64]</c>: puts a
/// new key on the token (an HMAC secret read from standard input, or a key pair generated inside the HSM for
/// Ed25519 and P-256 schemes) and points the venue at it in the configuration file, which a running sidecar
/// reloads by itself. The old key stays on the token until the user deletes it, after the exchange accepts the
/// new one. The key goes on the venue's own HSM (its <c>Hsm</c> setting), and an HMAC secret on that HSM's standby
/// too; a key pair cannot be copied between HSMs, so a venue whose HSM has a standby rotates to a key pair by
/// <c>keys import</c> into both instead.
/// </summary>
internal static class KeysRotateCommand
{
    public static int Run(CommandLine line, TextWriter output)
    {
        var configPath = line.Required("config");
        var venueName = line.Required("venue");
        var label = KeysCommands.RequireLabel(line);
        var apiKey = line.Optional("api-key");
        var encoding = line.Optional("encoding");
        line.RejectUnknown();

        // 1. The configuration in force must be valid, and name the venue.
        var config = Validate(configPath, "before the rotation");
        var venue = config.Venues.FirstOrDefault(v => v.Name == venueName)
            ?? throw new UsageException($"no venue '{venueName}' in {configPath} (venues: {string.Join(", ", config.Venues.Select(v => v.Name))})");
        var oldLabel = venue.KeyLabel;
        if (label == oldLabel)
        {
            throw new UsageException($"venue '{venueName}' already uses key '{label}'; rotate to a new label");
        }

        var type = KeyTypes.For(venue.Scheme.Algorithm);
        if (encoding is not null && type != KeyType.Hmac)
        {
            throw new UsageException($"--encoding applies to HMAC keys only; {venue.Scheme.Name} uses {KeyTypes.Name(type)} keys, generated inside the HSM");
        }

        encoding ??= "utf8";
        if (encoding is not ("utf8" or "base64"))
        {
            throw new UsageException($"--encoding must be utf8 or base64 (got '{encoding}')");
        }

        var hsmName = venue.HsmName;
        var hasStandby = config.Hsms.TryGetValue(hsmName, out var hsmDefinition) && hsmDefinition.Standby is not null;
        if (hasStandby && type != KeyType.Hmac)
        {
            throw new UsageException($"venue '{venueName}' signs on HSM '{hsmName}', which has a standby: a key pair generated inside one HSM cannot be "
                + $"copied to the other. Import the same {KeyTypes.Name(type)} private key into both (sidecar keys import --hsm {hsmName} and --hsm {hsmName}{HsmOptionsDefaults.StandbyNameSuffix}), then set Venues:{venueName}:Key");
        }

        // 2. The edited file must be valid too, before anything is put on the token.
        var edit = ConfigFileEdit.SetVenueKey(configPath, venueName, label, apiKey);
        var temporary = edit.WriteTemporary();
        try
        {
            Validate(temporary, "after the rotation");

            // 3. The new key, on the token.
            string? publicKey = null;
            using (var hsm = KeysCommands.Connect(configPath, hsmName))
            using (var standby = hasStandby ? KeysCommands.Connect(configPath, hsmName + HsmOptionsDefaults.StandbyNameSuffix) : null)
            {
                HsmConnection[] targets = standby is null ? [hsm] : [hsm, standby];
                foreach (var target in targets)
                {
                    if (target.FindKey(label) is not null)
                    {
                        throw new UsageException($"a key labelled '{label}' already exists on token '{target.TokenLabel}'; rotate to a label not in use");
                    }
                }

                if (type == KeyType.Hmac)
                {
                    ImportSecret(targets, label, encoding);
                    foreach (var target in targets)
                    {
                        output.WriteLine($"imported hmac key '{label}' into token '{target.TokenLabel}' (sensitive, non-extractable, sign-only)");
                    }
                }
                else
                {
                    publicKey = hsm.GenerateKeyPair(label, type, replace: false);
                    output.WriteLine($"generated {KeyTypes.Name(type)} key pair '{label}' inside token '{hsm.TokenLabel}' (never extractable)");
                }
            }

            // 4. The file, in one rename.
            edit.Commit(temporary);
            output.WriteLine($"updated {configPath}: Venues:{venueName}:Key '{oldLabel}' → '{label}'"
                + (apiKey is null ? "" : $", Venues:{venueName}:ApiKey → '{apiKey}'")
                + (edit.HadComments ? " (its comments could not be kept)" : ""));
            WriteSteps(output, configPath, venueName, oldLabel, hsmName, hasStandby, publicKey);
            return ExitCodes.Ok;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static ValidatedConfig Validate(string path, string when)
    {
        try
        {
            var options = ConfigLoader.Load(path, out var file);
            return ConfigValidator.Validate(options, file);
        }
        catch (ConfigException ex)
        {
            throw new ConfigException([.. ex.Errors.Select(e => $"{when}: {e}")]);
        }
    }

    private static void ImportSecret(HsmConnection[] targets, string label, string encoding)
    {
        var input = SecretInput.Read("New secret (input hidden): ");
        byte[]? decoded = null;
        try
        {
            if (input.Length == 0)
            {
                throw new UsageException("standard input was empty; pipe the new secret in, e.g. `sidecar keys rotate … < secret-file`");
            }

            decoded = encoding == "base64" ? KeysCommands.DecodeBase64(input) : null;
            foreach (var target in targets)
            {
                target.ImportHmacSecret(label, decoded ?? input, replace: false);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            if (decoded is not null)
            {
                CryptographicOperations.ZeroMemory(decoded);
            }
        }
    }

    private static void WriteSteps(TextWriter output, string configPath, string venue, string oldLabel, string hsmName, bool hasStandby, string? publicKey)
    {
        output.WriteLine("Steps left:");
        if (publicKey is null)
        {
            output.WriteLine("  1. Make sure the new API key and secret are active at the exchange, with the same permissions and IP allow-list as the old ones.");
        }
        else
        {
            output.WriteLine("  1. Register this public key with the exchange (same permissions and IP allow-list as the old key); until then it refuses this venue's signed requests:");
            output.Write(publicKey.EndsWith('\n') ? publicKey : publicKey + "\n");
        }

        output.WriteLine($"  2. Nothing to restart: a running `sidecar run --config {configPath}` reloads the file by itself within seconds (or send it SIGHUP); /readyz shows the new \"config\" generation and venue '{venue}' under \"keys\".");
        var onHsm = hsmName == HsmOptionsDefaults.DefaultHsmName ? "" : $" --hsm {hsmName}";
        var onStandby = hasStandby ? $", and with --hsm {hsmName}{HsmOptionsDefaults.StandbyNameSuffix} on the standby" : "";
        output.WriteLine($"  3. Once requests succeed with the new key, delete the old one: sidecar keys delete --config {configPath}{onHsm} --label {oldLabel}{onStandby}  (and revoke it at the exchange).");
    }
}
