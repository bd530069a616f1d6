using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Cli;

/// <summary>The <c>sidecar keys</c> commands as a user runs them: a separate process, the secret on stdin.</summary>
[Collection(HsmCollection.Name)]
public sealed class KeysCommandTests : IDisposable
{
    private readonly SoftHsmToken _token;
    private readonly string _config;

    public KeysCommandTests(SoftHsmToken token)
    {
        _token = token;
        _config = Path.Combine(token.Directory, $"keys-{Guid.NewGuid():N}.json");
        var json = SidecarUnderTest.Config(token, new JsonObject());
        File.WriteAllText(_config, json.ToJsonString());
    }

    [Fact]
    public async Task Import_reads_the_secret_from_stdin_and_never_echoes_it()
    {
        var secret = TestSecrets.BinanceStyle();
        var label = TestSecrets.Label("cli");

        var result = await SidecarProcess.RunAsync(secret + "\n", "keys", "import", "--config", _config, "--label", label, "--type", "hmac");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"'{label}'", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(_token.Pin, result.Stdout + result.Stderr, StringComparison.Ordinal);
        AssertSignsLike(label, Encoding.UTF8.GetBytes(secret));
    }

    [Fact]
    public async Task Base64_encoding_stores_the_decoded_bytes()
    {
        var raw = RandomNumberGenerator.GetBytes(64);
        var label = TestSecrets.Label("b64");

        var result = await SidecarProcess.RunAsync(Convert.ToBase64String(raw), "keys", "import", "--config", _config, "--label", label, "--type", "hmac", "--encoding", "base64");

        Assert.Equal(0, result.ExitCode);
        AssertSignsLike(label, raw);
    }

    [Fact]
    public async Task Existing_label_is_refused_with_exit_2_unless_replace()
    {
        var label = TestSecrets.Label("dup");
        var first = await SidecarProcess.RunAsync(TestSecrets.BinanceStyle(), "keys", "import", "--config", _config, "--label", label, "--type", "hmac");
        var second = await SidecarProcess.RunAsync(TestSecrets.BinanceStyle(), "keys", "import", "--config", _config, "--label", label, "--type", "hmac");
        var replacement = TestSecrets.BinanceStyle();
        var replaced = await SidecarProcess.RunAsync(replacement, "keys", "import", "--config", _config, "--label", label, "--type", "hmac", "--replace");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(2, second.ExitCode);
        Assert.Single(second.Stderr.Trim().Split('\n'));
        Assert.Contains("--replace", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, replaced.ExitCode);
        AssertSignsLike(label, Encoding.UTF8.GetBytes(replacement));
    }

    [Fact]
    public async Task List_json_reports_type_date_and_the_attribute_rules()
    {
        var label = TestSecrets.Label("list");
        await SidecarProcess.RunAsync(TestSecrets.BinanceStyle(), "keys", "import", "--config", _config, "--label", label, "--type", "hmac");

        var json = await SidecarProcess.RunAsync(null, "keys", "list", "--config", _config, "--json");
        var table = await SidecarProcess.RunAsync(null, "keys", "list", "--config", _config);

        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        var key = doc.RootElement.EnumerateArray().Single(k => k.GetProperty("label").GetString() == label);
        Assert.Equal("hmac", key.GetProperty("type").GetString());
        Assert.True(key.GetProperty("meetsRules").GetBoolean());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), key.GetProperty("created").GetString());
        var attributes = key.GetProperty("attributes");
        Assert.True(attributes.GetProperty("sensitive").GetBoolean());
        Assert.False(attributes.GetProperty("extractable").GetBoolean());
        Assert.True(attributes.GetProperty("sign").GetBoolean());
        Assert.False(attributes.GetProperty("encrypt").GetBoolean());
        Assert.Equal(0, table.ExitCode);
        Assert.Contains(table.Stdout.Split('\n'), line => line.StartsWith(label, StringComparison.Ordinal) && line.TrimEnd().EndsWith("ok", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "keys import --label x --type hmac", "--config")]
    [InlineData("", "keys import --config C --label x --type rsa", "--type")]
    [InlineData("", "keys import --config C --label x --type hmac --encoding hex", "--encoding")]
    [InlineData("!!!not base64", "keys import --config C --label x --type hmac --encoding base64", "base64")]
    [InlineData("", "keys import --config C --label x --type hmac", "empty")]
    [InlineData("", "keys list --config C --colour", "--colour")]
    [InlineData("", "keys rename --config C", "unknown command")]
    [InlineData("", "keys rotate --config C --label x", "--venue")]
    [InlineData("", "keys import --config C --label x --type hmac --secret abc", "--secret")]
    [InlineData("", "keys list --config /nonexistent.json", "does not exist")]
    public async Task Usage_and_config_errors_exit_2_with_one_line_on_stderr(string stdin, string args, string mentions)
    {
        var argv = args.Replace(" C ", $" {_config} ", StringComparison.Ordinal).Replace(" C", $" {_config}", StringComparison.Ordinal).Split(' ');

        var result = await SidecarProcess.RunAsync(stdin, argv);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.StartsWith("sidecar: error: ", line, StringComparison.Ordinal);
        Assert.Contains(mentions, line, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Run_refuses_to_start_when_a_venue_key_is_missing()
    {
        var venues = new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", new Uri("http://127.0.0.1:9"), "k", "not-on-token") };
        var path = Path.Combine(_token.Directory, $"run-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, SidecarUnderTest.Config(_token, venues).ToJsonString());

        var result = await SidecarProcess.RunAsync(null, "run", "--config", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Venues:binance:Key", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'not-on-token'", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_config);

    private void AssertSignsLike(string label, byte[] secret)
    {
        using var hsm = _token.Connect();
        var mac = new byte[32];
        hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256).Sign("probe"u8, mac);
        Assert.Equal(HMACSHA256.HashData(secret, "probe"u8), mac);
    }
}
