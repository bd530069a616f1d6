using Microsoft.Extensions.Configuration;
using Sidecar.Configuration;

namespace Sidecar.Tests.Configuration;

/// <summary>Hsm:SignTimeoutMs, Hsm:Standby, the Hsms entries and Venues:{v}:Hsm: defaults and every refusal.</summary>
public sealed class HsmConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sidecar-hsmconfig-").FullName;
    private readonly string _pinFile;

    public HsmConfigTests()
    {
        _pinFile = Path.Combine(_dir, "pin");
        File.WriteAllText(_pinFile, "1234\n");
    }

    [Fact]
    public void Defaults_give_one_default_HSM_with_a_one_second_sign_timeout_and_no_standby()
    {
        var config = ConfigValidator.Validate(Load(Json()));

        var hsm = Assert.Single(config.Hsms);
        Assert.Equal("default", hsm.Key);
        Assert.Equal(TimeSpan.FromMilliseconds(HsmOptionsDefaults.SignTimeoutMs), hsm.Value.Settings.SignTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), config.Hsm.SignTimeout);
        Assert.Null(hsm.Value.Standby);
        Assert.Equal("default", Assert.Single(config.Venues).HsmName);
    }

    [Fact]
    public void Named_HSMs_standbys_and_venue_references_are_validated_and_named()
    {
        var json = Json(
            hsm: $$"""{ "Module": "/etc/hostname", "Token": "t", "PinFile": "{{_pinFile}}", "SignTimeoutMs": 250, "Standby": { "Module": "/etc/hostname", "Token": "t2", "PinFile": "{{_pinFile}}" } }""",
            hsms: $$"""
                "other": { "Module": "/etc/hostname", "Token": "o", "PinFile": "{{_pinFile}}", "Sessions": 2 }
                """,
            venueHsm: "other");

        var config = ConfigValidator.Validate(Load(json, out var file), file);

        Assert.Equal(["default", "other"], config.Hsms.Keys.Order());
        Assert.Equal(TimeSpan.FromMilliseconds(250), config.Hsms["default"].Settings.SignTimeout);
        Assert.Equal("default.standby", config.Hsms["default"].Standby!.Name);
        Assert.Equal("t2", config.Hsms["default"].Standby!.TokenLabel);
        Assert.Equal("other", config.Hsms["other"].Settings.Name);
        Assert.Equal(2, config.Hsms["other"].Settings.SessionCount);
        Assert.Equal("other", Assert.Single(config.Venues).HsmName);
    }

    [Theory]
    [InlineData("venue names an unknown HSM", "", "", "nope", "Venues:binance:Hsm 'nope' names no entry in Hsms")]
    [InlineData("standby is the primary itself", ", 'Standby': { 'Module': '/etc/hostname', 'Token': 't', 'PinFile': '@PIN@' }", "", null, "Hsm:Standby names the same module and token as Hsm")]
    [InlineData("standby of a standby", ", 'Standby': { 'Module': '/etc/hostname', 'Token': 't2', 'PinFile': '@PIN@', 'Standby': { 'Token': 't3' } }", "", null, "unknown setting 'Hsm:Standby:Standby'")]
    [InlineData("PIN in a standby", ", 'Standby': { 'Module': '/etc/hostname', 'Token': 't2', 'Pin': '1234' }", "", null, "'Hsm:Standby:Pin' is not allowed")]
    [InlineData("sign time-out too short", ", 'SignTimeoutMs': 10", "", null, "Hsm:SignTimeoutMs must be between 50 and 60000 (got 10)")]
    [InlineData("an entry named default", "", "'default': { 'Module': '/etc/hostname', 'Token': 'o', 'PinFile': '@PIN@' }", null, "Hsms:default: the name 'default' means the Hsm section")]
    [InlineData("an entry with a typo", "", "'other': { 'Module': '/etc/hostname', 'Token': 'o', 'PinFile': '@PIN@', 'Sesions': 2 }", null, "unknown setting 'Hsms:other:Sesions'")]
    [InlineData("an entry without a token", "", "'other': { 'Module': '/etc/hostname', 'PinFile': '@PIN@' }", null, "Hsms:other:Token is required")]
    [InlineData("an entry on the default's token", "", "'other': { 'Module': '/etc/hostname', 'Token': 't', 'PinFile': '@PIN@' }", null, "HSMs 'default' and 'other' name the same module and token")]
    [InlineData("an entry's sign time-out too long", "", "'other': { 'Module': '/etc/hostname', 'Token': 'o', 'PinFile': '@PIN@', 'SignTimeoutMs': 70000 }", null, "Hsms:other:SignTimeoutMs must be between 50 and 60000")]
    public void Refuses(string why, string hsmExtra, string hsms, string? venueHsm, string expected)
    {
        _ = why;
        var hsm = $$"""{ "Module": "/etc/hostname", "Token": "t", "PinFile": "{{_pinFile}}"{{Quote(hsmExtra)}} }""";
        var json = Json(hsm, Quote(hsms), venueHsm);

        var ex = Assert.Throws<ConfigException>(() => ConfigValidator.Validate(Load(json, out var file), file));

        Assert.Contains(ex.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    // Table rows use ' for " and @PIN@ for the PIN file, to stay readable.
    private string Quote(string json) => json.Replace('\'', '"').Replace("@PIN@", _pinFile, StringComparison.Ordinal);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Json(string? hsm = null, string hsms = "", string? venueHsm = null) => $$"""
        {
          "Hsm": {{hsm ?? $$"""{ "Module": "/etc/hostname", "Token": "t", "PinFile": "{{_pinFile}}" }"""}},
          "Hsms": { {{hsms}} },
          "Listen": "http://127.0.0.1:8080",
          "Admin": "http://127.0.0.1:9901",
          "Venues": {
            "binance": { "Scheme": "binance-hmac", "Upstream": "https://api.binance.com", "ApiKey": "abc", "Key": "binance"{{(venueHsm is null ? "" : $", \"Hsm\": \"{venueHsm}\"")}} }
          }
        }
        """;

    private SidecarOptions Load(string json) => Load(json, out _);

    private SidecarOptions Load(string json, out IConfiguration file)
    {
        var path = Path.Combine(_dir, Guid.NewGuid() + ".json");
        File.WriteAllText(path, json);
        return ConfigLoader.Load(path, out file);
    }
}
