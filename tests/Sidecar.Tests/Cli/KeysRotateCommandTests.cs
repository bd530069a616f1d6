using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.Pkcs11;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Cli;

/// <summary><c>sidecar keys rotate</c> and <c>keys delete</c>'s in-use refusal, run as a user runs them.</summary>
[Collection(HsmCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class KeysRotateCommandTests : IDisposable
{
    private const UnixFileMode ConfigMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private readonly SoftHsmToken _token;
    private readonly string _directory;
    private readonly string _config;

    public KeysRotateCommandTests(SoftHsmToken token)
    {
        _token = token;
        _directory = Directory.CreateDirectory(Path.Combine(token.Directory, $"rotate-{Guid.NewGuid():N}")).FullName;
        _config = Path.Combine(_directory, "sidecar.json");
    }

    [Fact]
    public async Task Rotating_an_HMAC_venue_imports_the_new_secret_and_points_the_file_at_it()
    {
        var oldLabel = TestSecrets.Label("rot-old");
        _token.ImportHmac(oldLabel, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        WriteConfig("binance-hmac", oldLabel, "old-api-key");
        var newLabel = TestSecrets.Label("rot-new");
        var newSecret = TestSecrets.BinanceStyle();

        var result = await SidecarProcess.RunAsync(newSecret + "\n", "keys", "rotate", "--config", _config, "--venue", "binance", "--label", newLabel, "--api-key", "new-api-key");

        Assert.Equal(0, result.ExitCode);
        var file = ReadConfig();
        Assert.Equal(newLabel, (string?)file["Venues"]!["binance"]!["Key"]);
        Assert.Equal("new-api-key", (string?)file["Venues"]!["binance"]!["ApiKey"]);
        Assert.Equal(7000, (int)file["Limits"]!["UpstreamTimeoutMs"]!);
        Assert.Equal(_token.PinFile, (string?)file["Hsm"]!["PinFile"]);
        Assert.Equal(ConfigMode, File.GetUnixFileMode(_config));
        Assert.Equal(["sidecar.json"], Directory.GetFiles(_directory).Select(Path.GetFileName));
        AssertSignsLike(newLabel, Encoding.UTF8.GetBytes(newSecret));
        Assert.Contains($"Venues:binance:Key '{oldLabel}' → '{newLabel}'", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("1. Make sure the new API key and secret are active at the exchange", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("reloads the file by itself", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"sidecar keys delete --config {_config} --label {oldLabel}", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(newSecret, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(_token.Pin, result.Stdout + result.Stderr, StringComparison.Ordinal);

        // The printed last step works now that no venue uses the old key.
        var delete = await SidecarProcess.RunAsync(null, "keys", "delete", "--config", _config, "--label", oldLabel);
        Assert.Equal(0, delete.ExitCode);
    }

    [Fact]
    public async Task Rotating_an_Ed25519_venue_generates_the_key_pair_and_prints_its_public_key()
    {
        var oldLabel = TestSecrets.Label("rot-ed-old");
        _token.GenerateKeyPair(oldLabel, KeyType.Ed25519);
        WriteConfig("binance-ed25519", oldLabel, "ed-api-key");
        var newLabel = TestSecrets.Label("rot-ed-new");

        var result = await SidecarProcess.RunAsync(null, "keys", "rotate", "--config", _config, "--venue", "binance", "--label", newLabel);

        Assert.Equal(0, result.ExitCode);
        var file = ReadConfig();
        Assert.Equal(newLabel, (string?)file["Venues"]!["binance"]!["Key"]);
        Assert.Equal("ed-api-key", (string?)file["Venues"]!["binance"]!["ApiKey"]);
        string publicKey;
        using (var hsm = _token.Connect(sessionKeyCopies: false))
        {
            publicKey = hsm.PublicKeyPem(newLabel);
            Assert.Equal("ed25519", hsm.FindKey(newLabel)!.Type);
        }

        Assert.Contains("1. Register this public key with the exchange", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(publicKey.TrimEnd(), result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"--label {oldLabel}", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown venue", "no venue 'nope'")]
    [InlineData("label exists", "already exists on token")]
    [InlineData("same label", "already uses key")]
    [InlineData("invalid before", "before the rotation: unknown setting 'Listenn'")]
    [InlineData("invalid after", "after the rotation: Venues:binance:ApiKey contains characters")]
    [InlineData("encoding for ed25519", "--encoding applies to HMAC keys only")]
    public async Task Refusals_exit_2_and_leave_the_file_and_token_untouched(string refusal, string message)
    {
        var oldLabel = TestSecrets.Label("ref-old");
        var existing = TestSecrets.Label("ref-existing");
        _token.ImportHmac(oldLabel, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        _token.ImportHmac(existing, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        WriteConfig(refusal == "encoding for ed25519" ? "binance-ed25519" : "binance-hmac", oldLabel, "api-key", extra: refusal == "invalid before" ? "Listenn" : null);
        var before = await File.ReadAllTextAsync(_config);
        var newLabel = TestSecrets.Label("ref-new");
        string[] args = refusal switch
        {
            "unknown venue" => ["--venue", "nope", "--label", newLabel],
            "label exists" => ["--venue", "binance", "--label", existing],
            "same label" => ["--venue", "binance", "--label", oldLabel],
            "invalid after" => ["--venue", "binance", "--label", newLabel, "--api-key", "two words"],
            "encoding for ed25519" => ["--venue", "binance", "--label", newLabel, "--encoding", "base64"],
            _ => ["--venue", "binance", "--label", newLabel],
        };
        var secret = TestSecrets.BinanceStyle();

        var result = await SidecarProcess.RunAsync(secret, ["keys", "rotate", "--config", _config, .. args]);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(_config));
        Assert.Equal(["sidecar.json"], Directory.GetFiles(_directory).Select(Path.GetFileName));
        using var hsm = _token.Connect(sessionKeyCopies: false);
        Assert.Null(hsm.FindKey(newLabel));
        Assert.DoesNotContain(secret, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Key")]
    [InlineData("Passphrase")]
    public async Task Delete_refuses_a_key_or_passphrase_a_venue_still_uses(string use)
    {
        var label = TestSecrets.Label("in-use");
        _token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        var venue = use == "Key"
            ? SidecarUnderTest.Venue("binance-hmac", new Uri("http://127.0.0.1:9"), "k", label)
            : SidecarUnderTest.VenueWithPassphrase("okx-v5", new Uri("http://127.0.0.1:9"), "k", "some-key", label);
        await File.WriteAllTextAsync(_config, SidecarUnderTest.Config(_token, new JsonObject { ["v"] = venue }).ToJsonString());

        var result = await SidecarProcess.RunAsync(null, "keys", "delete", "--config", _config, "--label", label);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{label}' is still used by Venues:v:{use}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("sidecar keys rotate", result.Stderr, StringComparison.Ordinal);
        using var hsm = _token.Connect(sessionKeyCopies: false);
        Assert.NotNull(hsm.FindKey(label));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void WriteConfig(string scheme, string keyLabel, string apiKey, string? extra = null)
    {
        var config = SidecarUnderTest.Config(_token, new JsonObject { ["binance"] = SidecarUnderTest.Venue(scheme, new Uri("http://127.0.0.1:9"), apiKey, keyLabel) });
        config["Limits"] = new JsonObject { ["UpstreamTimeoutMs"] = 7000 };
        if (extra is not null)
        {
            config[extra] = "x";
        }

        File.WriteAllText(_config, config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        File.SetUnixFileMode(_config, ConfigMode);
    }

    private JsonNode ReadConfig() => JsonNode.Parse(File.ReadAllText(_config))!;

    private void AssertSignsLike(string label, byte[] secret)
    {
        using var hsm = _token.Connect();
        var mac = new byte[32];
        hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256).Sign("probe"u8, mac);
        Assert.Equal(HMACSHA256.HashData(secret, "probe"u8), mac);
    }
}
