using System.Security.Cryptography;
using System.Text.Json;
using Sidecar.Configuration;
using Sidecar.Pkcs11;

namespace Sidecar.Cli;

/// <summary><c>sidecar keys import | list</c>.</summary>
internal static class KeysCommands
{
    public static int Import(CommandLine line, TextWriter output)
    {
        var (configPath, hsmName, label) = KeyTarget.Read(line);
        var type = line.Required("type");
        var encoding = line.Optional("encoding");
        var replace = line.Flag("replace");
        line.RejectUnknown();
        if (type is not ("hmac" or "ec-p256" or "ed25519" or "passphrase"))
        {
            throw new UsageException($"--type '{type}' is not supported; use hmac, ec-p256, ed25519 or passphrase");
        }

        if (encoding is not null && type != "hmac")
        {
            throw new UsageException("--encoding applies to --type hmac only");
        }

        encoding ??= "utf8";
        if (encoding is not ("utf8" or "base64"))
        {
            throw new UsageException($"--encoding must be utf8 or base64 (got '{encoding}')");
        }

        using var hsm = Connect(configPath, hsmName);
        var pemInput = type is "ec-p256" or "ed25519";
        var input = SecretInput.Read(pemInput ? "PEM private key, then an empty line: " : "Secret (input hidden): ", multiline: pemInput);
        byte[]? secret = null;
        try
        {
            if (input.Length == 0)
            {
                throw new UsageException("standard input was empty; pipe the secret in, e.g. `sidecar keys import … < secret-file`");
            }

            switch (type)
            {
                case "hmac":
                    secret = encoding == "base64" ? DecodeBase64(input) : input;
                    hsm.ImportHmacSecret(label, secret, replace);
                    output.WriteLine($"imported hmac key '{label}' into token '{hsm.TokenLabel}' (sensitive, non-extractable, sign-only)");
                    break;
                case "passphrase":
                    hsm.ImportPassphrase(label, input, replace);
                    output.WriteLine($"imported passphrase '{label}' into token '{hsm.TokenLabel}' (private object)");
                    break;
                default:
                    KeyTypes.TryParse(type, out var keyType);
                    var pem = ImportPem(hsm, label, keyType, input, replace);
                    output.WriteLine($"imported {type} private key '{label}' into token '{hsm.TokenLabel}' (sensitive, non-extractable, sign-only)");
                    output.Write(pem.Length == 0 || pem.EndsWith('\n') ? pem : pem + "\n");
                    break;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            if (secret is not null)
            {
                CryptographicOperations.ZeroMemory(secret);
            }
        }

        return ExitCodes.Ok;
    }

    public static int Generate(CommandLine line, TextWriter output)
    {
        var (configPath, hsmName, label) = KeyTarget.Read(line);
        var type = line.Required("type");
        var replace = line.Flag("replace");
        line.RejectUnknown();
        if (!KeyTypes.TryParse(type, out var keyType) || keyType == KeyType.Hmac)
        {
            throw new UsageException($"--type must be ec-p256 or ed25519 (got '{type}'); HMAC secrets come from the exchange: import them");
        }

        using var hsm = Connect(configPath, hsmName);
        var pem = hsm.GenerateKeyPair(label, keyType, replace);
        Console.Error.WriteLine($"generated {type} key pair '{label}' inside token '{hsm.TokenLabel}'; register this public key with the exchange:");
        return WritePem(output, pem);
    }

    public static int Public(CommandLine line, TextWriter output)
    {
        var (configPath, hsmName, label) = KeyTarget.Read(line);
        line.RejectUnknown();
        using var hsm = Connect(configPath, hsmName);
        return WritePem(output, hsm.PublicKeyPem(label));
    }

    private static int WritePem(TextWriter output, string pem)
    {
        output.Write(pem);
        if (!pem.EndsWith('\n'))
        {
            output.WriteLine();
        }

        return ExitCodes.Ok;
    }

    public static int Delete(CommandLine line, TextWriter output)
    {
        var (configPath, hsmName, label) = KeyTarget.Read(line);
        line.RejectUnknown();
        RefuseIfInUse(configPath, label);
        using var hsm = Connect(configPath, hsmName);
        var count = hsm.DeleteObjects(label);
        if (count == 0)
        {
            throw new HsmKeyException(label, $"no object labelled '{label}' on token '{hsm.TokenLabel}'");
        }

        output.WriteLine($"deleted '{label}' ({count} object{(count == 1 ? "" : "s")}) from token '{hsm.TokenLabel}'");
        return ExitCodes.Ok;
    }

    // Deleting a key the configuration still names would stop its venue at the next restart or reload.
    private static void RefuseIfInUse(string configPath, string label)
    {
        var options = ConfigLoader.Load(configPath, out _);
        var users = new List<string>();
        foreach (var (name, venue) in options.Venues)
        {
            if (venue.Key == label)
            {
                users.Add($"Venues:{name}:Key");
            }

            if (venue.Passphrase == label)
            {
                users.Add($"Venues:{name}:Passphrase");
            }
        }

        if (users.Count > 0)
        {
            throw new UsageException($"'{label}' is still used by {string.Join(", ", users)} in {configPath}; point the venue at another key first (sidecar keys rotate)");
        }
    }

    private static string ImportPem(HsmConnection hsm, string label, KeyType type, byte[] input, bool replace)
    {
        var chars = System.Text.Encoding.ASCII.GetChars(input);
        try
        {
            return hsm.ImportPrivateKey(label, type, chars, replace);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
        finally
        {
            Array.Clear(chars);
        }
    }

    // What every single-key command names first: the configuration, its HSM (the default one when absent) and the
    // key's label; read in that order, so a missing option is reported as before.
    private readonly record struct KeyTarget(string ConfigPath, string? HsmName, string Label)
    {
        public static KeyTarget Read(CommandLine line) => new(line.Required("config"), line.Optional("hsm"), RequireLabel(line));
    }

    internal static string RequireLabel(CommandLine line)
    {
        var label = line.Required("label");
        if (label.Length is 0 or > 128 || label.Any(char.IsControl))
        {
            throw new UsageException("--label must be 1–128 printable characters");
        }

        return label;
    }

    public static int List(CommandLine line, TextWriter output)
    {
        var configPath = line.Required("config");
        var hsmName = line.Optional("hsm");
        var json = line.Flag("json");
        line.RejectUnknown();
        using var hsm = Connect(configPath, hsmName);
        var keys = hsm.ListKeys();
        if (json)
        {
            WriteJson(keys, output);
            return ExitCodes.Ok;
        }

        output.WriteLine($"{"LABEL",-32} {"TYPE",-8} {"CREATED",-10} {"AGE",5} RULES");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var key in keys)
        {
            var created = key.Created?.ToString("yyyy-MM-dd") ?? "-";
            var age = key.Created is { } date ? $"{today.DayNumber - date.DayNumber}d" : "-";
            var rules = key.MeetsRules ? "ok" : "FAIL: " + string.Join("; ", key.Problems);
            output.WriteLine($"{key.Label,-32} {key.Type,-8} {created,-10} {age,5} {rules}");
        }

        if (keys.Count == 0)
        {
            output.WriteLine($"(no keys on token '{hsm.TokenLabel}')");
        }

        return ExitCodes.Ok;
    }

    private static void WriteJson(IReadOnlyList<KeyInfo> keys, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var key in keys)
            {
                json.WriteStartObject();
                json.WriteString("label", key.Label);
                json.WriteString("type", key.Type);
                json.WriteString("created", key.Created?.ToString("yyyy-MM-dd"));
                json.WriteBoolean("meetsRules", key.MeetsRules);
                json.WriteStartArray("problems");
                foreach (var problem in key.Problems)
                {
                    json.WriteStringValue(problem);
                }

                json.WriteEndArray();
                json.WriteStartObject("attributes");
                WriteFlag(json, "token", key.Token);
                WriteFlag(json, "private", key.Private);
                WriteFlag(json, "sensitive", key.Sensitive);
                WriteFlag(json, "extractable", key.Extractable);
                WriteFlag(json, "sign", key.Sign);
                WriteFlag(json, "verify", key.Verify);
                WriteFlag(json, "encrypt", key.Encrypt);
                WriteFlag(json, "decrypt", key.Decrypt);
                WriteFlag(json, "wrap", key.Wrap);
                WriteFlag(json, "unwrap", key.Unwrap);
                WriteFlag(json, "derive", key.Derive);
                WriteFlag(json, "local", key.Local);
                WriteFlag(json, "neverExtractable", key.NeverExtractable);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteFlag(Utf8JsonWriter json, string name, bool? value)
    {
        if (value is { } v)
        {
            json.WriteBoolean(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    internal static byte[] DecodeBase64(byte[] input)
    {
        var text = System.Text.Encoding.ASCII.GetString(input).Trim();
        var buffer = new byte[text.Length];
        try
        {
            if (!Convert.TryFromBase64String(text, buffer, out var written))
            {
                throw new UsageException("standard input is not valid base64 (--encoding base64)");
            }

            return buffer.AsSpan(0, written).ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    internal static HsmConnection Connect(string configPath, string? hsmName = null)
    {
        var options = ConfigLoader.Load(configPath, out _);
        var (settings, pinSource) = HsmSelection.Resolve(options, hsmName);
        var pin = pinSource.Read();
        try
        {
            // Management needs one session; no pool, no session-object copies.
            return HsmConnection.Open(settings with { SessionCount = 1, SessionKeyCopies = false }, pin);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pin);
        }
    }
}
