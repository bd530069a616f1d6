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
        var configPath = line.Required("config");
        var label = line.Required("label");
        var type = line.Required("type");
        var encoding = line.Optional("encoding") ?? "utf8";
        var replace = line.Flag("replace");
        line.RejectUnknown();
        if (type != "hmac")
        {
            throw new UsageException($"--type '{type}' is not supported; use --type hmac");
        }

        if (encoding is not ("utf8" or "base64"))
        {
            throw new UsageException($"--encoding must be utf8 or base64 (got '{encoding}')");
        }

        if (label.Length is 0 or > 128 || label.Any(char.IsControl))
        {
            throw new UsageException("--label must be 1–128 printable characters");
        }

        using var hsm = Connect(configPath);
        var input = SecretInput.Read("Secret (input hidden): ");
        byte[]? secret = null;
        try
        {
            secret = encoding == "base64" ? DecodeBase64(input) : input;
            if (secret.Length == 0)
            {
                throw new UsageException("standard input was empty; pipe the secret in, e.g. `sidecar keys import … < secret-file`");
            }

            hsm.ImportHmacSecret(label, secret, replace);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            if (secret is not null)
            {
                CryptographicOperations.ZeroMemory(secret);
            }
        }

        output.WriteLine($"imported hmac key '{label}' into token '{hsm.TokenLabel}' (sensitive, non-extractable, sign-only)");
        return ExitCodes.Ok;
    }

    public static int List(CommandLine line, TextWriter output)
    {
        var configPath = line.Required("config");
        var json = line.Flag("json");
        line.RejectUnknown();
        using var hsm = Connect(configPath);
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

    private static byte[] DecodeBase64(byte[] input)
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

    private static HsmConnection Connect(string configPath)
    {
        var options = ConfigLoader.Load(configPath, out _);
        var (settings, pinSource) = ConfigValidator.ValidateHsmOnly(options);
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
