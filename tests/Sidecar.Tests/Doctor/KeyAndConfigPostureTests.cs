using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.Doctor.Checks;
using Sidecar.Pkcs11;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Doctor;

/// <summary>The key objects on the token and the configuration itself, each check both ways.</summary>
[Collection(HsmCollection.Name)]
public sealed class KeyAndConfigPostureTests(SoftHsmToken token)
{
    // Nothing listens on the discard port: the permission and TLS checks answer "unknown"/"warn" quickly.
    private static readonly Uri Nowhere = new("http://127.0.0.1:9/");

    [Fact]
    public async Task An_extractable_key_fails_key_protection()
    {
        var label = TestSecrets.Label("extractable");
        CreateExtractableHmacKey(label);
        var run = await DoctorRun.RunAsync(Config("binance-hmac", label));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("fail", run.Status("key.protection", "venue"));
        Assert.Contains("CKA_EXTRACTABLE is true", run.Reason("key.protection", "venue"), StringComparison.Ordinal);
        Assert.Contains("CKA_SENSITIVE is false", run.Reason("key.protection", "venue"), StringComparison.Ordinal);
    }

    // Sidecar's own HMAC keys are modifiable so SoftHSM2 can copy them to session objects; the check still says so.
    [Theory]
    [InlineData("sidecar keys import", "warn")]
    [InlineData("PKCS#11, modifiable", "warn")]
    [InlineData("PKCS#11, not modifiable", "pass")]
    public async Task A_modifiable_key_warns_and_a_non_modifiable_one_passes(string madeBy, string expected)
    {
        var label = TestSecrets.Label("modifiable");
        if (madeBy == "sidecar keys import")
        {
            token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        }
        else
        {
            HandMadeKeys.CreateHmac(token, label, sensitive: true, extractable: false, modifiable: madeBy.EndsWith(", modifiable", StringComparison.Ordinal));
        }

        var config = Config("binance-hmac", label);
        config["Posture"] = new JsonObject { ["Strict"] = true };
        var run = await DoctorRun.RunAsync(config);

        Assert.True(run.Status("key.modifiable", "venue") == expected, run.Output);
        Assert.True(run.Status("key.protection", "venue") == "pass", run.Output);
        if (expected == "warn")
        {
            Assert.Contains("CKA_MODIFIABLE true", run.Reason("key.modifiable", "venue"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false, false, "pass")]
    [InlineData(true, false, "warn")]
    [InlineData(true, true, "fail")]
    public async Task An_imported_private_key_warns_and_fails_under_strict(bool imported, bool strict, string expected)
    {
        var label = TestSecrets.Label("cdp");
        if (imported)
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var hsm = token.Connect(sessionKeyCopies: false);
            hsm.ImportPrivateKey(label, KeyType.EcP256, ec.ExportPkcs8PrivateKeyPem(), replace: false);
        }
        else
        {
            token.GenerateKeyPair(label, KeyType.EcP256);
        }

        var config = Config("coinbase-advanced", label);
        config["Posture"] = new JsonObject { ["Strict"] = strict };
        var run = await DoctorRun.RunAsync(config);

        Assert.True(run.Status("key.origin", "venue") == expected, run.Output);
        Assert.True(run.Status("key.protection", "venue") == "pass", run.Output);
    }

    [Fact]
    public async Task Imported_hmac_secrets_pass_key_origin_because_the_exchange_generates_them()
    {
        var label = ImportHmac("hmac");
        var run = await DoctorRun.RunAsync(Config("binance-hmac", label));

        Assert.Equal("pass", run.Status("key.origin", "venue"));
        Assert.Equal("pass", run.Status("key.age", "venue"));
    }

    [Theory]
    [InlineData("Key")]
    [InlineData("Passphrase")]
    public async Task A_secret_looking_label_fails_config_secrets(string setting)
    {
        var secretLooking = setting == "Key" ? RandomNumberGenerator.GetHexString(64) : Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var label = setting == "Key" ? secretLooking : TestSecrets.Label("okx");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        var config = Config(setting == "Key" ? "binance-hmac" : "okx-v5", label);
        if (setting == "Passphrase")
        {
            config["Venues"]!["venue"]!["Passphrase"] = secretLooking;
        }

        var run = await DoctorRun.RunAsync(config);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("fail", run.Status("config.secrets", null));
        Assert.Contains($"Venues:venue:{setting}", run.Reason("config.secrets", null), StringComparison.Ordinal);
        Assert.DoesNotContain(secretLooking, run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("binance-main", false)]
    [InlineData("okx-pass-2026-01-05", false)]
    [InlineData("cdp-key", false)]
    [InlineData("a3f9c2e18b7d4f6a0c5e9b2d7f1a8c3e6b0d4f9a2c7e1b5d8f3a6c0e9b4d7f2a", true)]
    [InlineData("3q2+7wXyZk9/L0mN4pQrStUvWx1Yz2AbCdEfGh==", true)]
    [InlineData("-----BEGIN " + "PRIVATE KEY-----", true)]
    [InlineData("DOTNET_EnableDiagnostics=0", false)]
    [InlineData("SIDECAR_Alerts__Webhook=3q2+7wXyZk9/L0mN4pQrStUvWx1Yz2AbCdEfGh==", true)]
    public void Secret_heuristic_separates_labels_from_secrets(string value, bool secret) =>
        Assert.Equal(secret, SecretLooking.Matches(value));

    [Fact]
    public async Task A_world_readable_pin_file_fails()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var dir = Directory.CreateTempSubdirectory("sidecar-pin-").FullName;
        try
        {
            var pinFile = Path.Combine(dir, "pin");
            File.Copy(token.PinFile, pinFile);
            File.SetUnixFileMode(pinFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var label = ImportHmac("pin");
            var config = Config("binance-hmac", label);
            config["Hsm"]!["PinFile"] = pinFile;
            var run = await DoctorRun.RunAsync(config);

            Assert.Equal(1, run.ExitCode);
            Assert.Equal("fail", run.Status("config.pin-file", null));
            Assert.Contains("0644", run.Reason("config.pin-file", null), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("POST /sapi/v1/capital/withdraw/apply", "fail")]
    [InlineData("POST /sapi/v1/asset/transfer", "warn")]
    [InlineData("GET /sapi/v1/asset/assetDetail", "pass")]
    public async Task An_allow_rule_opening_withdrawals_fails_policy(string rule, string expected)
    {
        var label = ImportHmac("policy");
        var config = Config("binance-hmac", label);
        config["Venues"]!["venue"]!["Policy"] = new JsonObject { ["Allow"] = new JsonArray(rule) };
        var run = await DoctorRun.RunAsync(config);

        Assert.True(run.Status("policy.withdrawals", "venue") == expected, run.Output);
    }

    [Fact]
    public async Task The_diagnostics_fix_names_the_setting_unredacted()
    {
        var label = ImportHmac("diag");
        var run = await DoctorRun.RunAsync(Config("gate-v4", label), json: false);

        Assert.Contains("set DOTNET_EnableDiagnostics=0 in the environment", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Human_table_names_each_check_with_its_fix()
    {
        var label = ImportHmac("table");
        var run = await DoctorRun.RunAsync(Config("gate-v4", label), json: false);

        Assert.Contains("VENUE", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"venue\s+exchange\.permissions\s+UNKNOWN\s+not available from the exchange", run.Output);
        Assert.Matches(@"fix: ", run.Output);
        Assert.DoesNotContain(token.Pin, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_posture_setting_is_a_configuration_error()
    {
        var label = TestSecrets.Label("typo");
        var config = Config("binance-hmac", label);
        config["Posture"] = new JsonObject { ["Stirct"] = true };
        var error = await Assert.ThrowsAsync<Sidecar.Configuration.ConfigException>(() => DoctorRun.RunAsync(config));
        Assert.Contains("Posture:Stirct", string.Join(";", error.Errors), StringComparison.Ordinal);
    }

    private JsonObject Config(string scheme, string label) =>
        SidecarUnderTest.Config(token, new JsonObject { ["venue"] = SidecarUnderTest.Venue(scheme, Nowhere, TestSecrets.ApiKey(), label) });

    // A badly made key (not sensitive, extractable) that `sidecar keys import` would never create.
    private void CreateExtractableHmacKey(string label) =>
        HandMadeKeys.CreateHmac(token, label, sensitive: false, extractable: true, modifiable: true);

    // A Binance-style HMAC secret imported as `sidecar keys import` does, under a fresh label.
    private string ImportHmac(string labelPrefix)
    {
        var label = TestSecrets.Label(labelPrefix);
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        return label;
    }
}
