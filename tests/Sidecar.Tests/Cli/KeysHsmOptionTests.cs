using System.Text.Json.Nodes;
using Sidecar.Tests.EndToEnd.HsmAvailability;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Cli;

/// <summary><c>sidecar keys … --hsm NAME</c>: the keys commands on an <c>Hsms</c> entry or a standby's token.</summary>
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
}
