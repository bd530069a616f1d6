using System.Text.Json.Nodes;
using Sidecar.Tests.EndToEnd.HsmAvailability;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Cli;

/// <summary>
/// <c>sidecar keys … --hsm NAME</c>: the keys commands on an <c>Hsms</c> entry or a standby's token; and
/// <c>keys rotate</c>, which takes the HSM from the venue (its standby included).
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class KeysHsmOptionTests
{
    private readonly SoftHsmToken _token;
    private readonly SecondSoftHsmToken _second;
    private readonly string _config;

    public KeysHsmOptionTests(SoftHsmToken token)
    {
        _token = token;
        _second = SecondSoftHsmToken.Of(token);
        _config = Path.Combine(token.Directory, $"keys-hsm-{Guid.NewGuid():N}.json");
        var json = SidecarUnderTest.Config(token, new JsonObject());
        json["Hsm"]!["Standby"] = HsmScenario.Hsm(RepoPaths.SoftHsmModule, SecondSoftHsmToken.TokenLabel, _second.PinFile);
        json["Hsms"] = new JsonObject { ["other"] = HsmScenario.Hsm(RepoPaths.SoftHsmModule, SecondSoftHsmToken.TokenLabel, _second.PinFile) };
        File.WriteAllText(_config, json.ToJsonString());
    }

    [Theory]
    [InlineData("default.standby")]
    [InlineData("other")]
    public async Task Import_with_hsm_puts_the_key_on_that_token_only(string hsm)
    {
        var label = TestSecrets.Label("cli-hsm");

        var result = await SidecarProcess.RunAsync(TestSecrets.BinanceStyle() + "\n", "keys", "import", "--config", _config, "--hsm", hsm, "--label", label, "--type", "hmac");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"token '{SecondSoftHsmToken.TokenLabel}'", result.Stdout, StringComparison.Ordinal);
        using (var second = _second.Connect())
        {
            Assert.NotNull(second.FindKey(label));
        }

        using var first = _token.Connect(sessionKeyCopies: false);
        Assert.Null(first.FindKey(label));
    }

    [Theory]
    [InlineData("nope", "names no HSM in the config")]
    [InlineData("other.standby", "Hsms:other has no Standby")]
    public async Task An_unknown_hsm_is_a_usage_error(string hsm, string expected)
    {
        var result = await SidecarProcess.RunAsync(null, "keys", "list", "--config", _config, "--hsm", hsm);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_puts_the_key_on_the_venue_s_own_hsm()
    {
        var oldLabel = TestSecrets.Label("rot-other-old");
        using (var second = _second.Connect())
        {
            second.ImportHmacSecret(oldLabel, System.Text.Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()), replace: false);
        }

        WriteVenue("binance-hmac", oldLabel, hsm: "other");
        var newLabel = TestSecrets.Label("rot-other-new");

        var result = await SidecarProcess.RunAsync(TestSecrets.BinanceStyle() + "\n", "keys", "rotate", "--config", _config, "--venue", "binance", "--label", newLabel);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using (var second = _second.Connect())
        {
            Assert.NotNull(second.FindKey(newLabel));
        }

        using (var first = _token.Connect(sessionKeyCopies: false))
        {
            Assert.Null(first.FindKey(newLabel));
        }

        Assert.Contains($"--hsm other --label {oldLabel}", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_puts_an_hmac_secret_on_the_standby_too()
    {
        var oldLabel = TestSecrets.Label("rot-standby-old");
        _token.ImportHmac(oldLabel, System.Text.Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        WriteVenue("binance-hmac", oldLabel, hsm: null);
        var newLabel = TestSecrets.Label("rot-standby-new");

        var result = await SidecarProcess.RunAsync(TestSecrets.BinanceStyle() + "\n", "keys", "rotate", "--config", _config, "--venue", "binance", "--label", newLabel);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using (var first = _token.Connect(sessionKeyCopies: false))
        {
            Assert.NotNull(first.FindKey(newLabel));
        }

        using (var second = _second.Connect())
        {
            Assert.NotNull(second.FindKey(newLabel));
        }

        Assert.Contains($"--hsm default.standby on the standby", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_refuses_to_generate_a_key_pair_for_an_hsm_with_a_standby()
    {
        var oldLabel = TestSecrets.Label("rot-standby-ed");
        _token.GenerateKeyPair(oldLabel, Sidecar.Pkcs11.KeyType.Ed25519);
        WriteVenue("binance-ed25519", oldLabel, hsm: null);
        var before = await File.ReadAllTextAsync(_config);
        var newLabel = TestSecrets.Label("rot-standby-ed-new");

        var result = await SidecarProcess.RunAsync(null, "keys", "rotate", "--config", _config, "--venue", "binance", "--label", newLabel);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot be copied to the other", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(_config));
        using var first = _token.Connect(sessionKeyCopies: false);
        Assert.Null(first.FindKey(newLabel));
    }

    private void WriteVenue(string scheme, string label, string? hsm)
    {
        var json = JsonNode.Parse(File.ReadAllText(_config))!.AsObject();
        var venue = SidecarUnderTest.Venue(scheme, new Uri("http://127.0.0.1:9"), "api-key", label);
        // The shared file names the second token twice (a standby and an entry), which only the keys commands
        // accept: a venue's file keeps the one the test uses.
        if (hsm is not null)
        {
            venue["Hsm"] = hsm;
            json["Hsm"]!.AsObject().Remove("Standby");
        }
        else
        {
            json.Remove("Hsms");
        }

        json["Venues"] = new JsonObject { ["binance"] = venue };
        File.WriteAllText(_config, json.ToJsonString());
    }
}
