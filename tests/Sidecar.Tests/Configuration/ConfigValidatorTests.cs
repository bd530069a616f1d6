using Microsoft.Extensions.Configuration;
using Sidecar.Configuration;

namespace Sidecar.Tests.Configuration;

public sealed class ConfigValidatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sidecar-config-").FullName;
    private readonly string _pinFile;

    public ConfigValidatorTests()
    {
        _pinFile = Path.Combine(_dir, "pin");
        File.WriteAllText(_pinFile, "1234\n");
    }

    [Fact]
    public void A_valid_config_is_normalised()
    {
        var config = ConfigValidator.Validate(Load(ValidJson()));

        var venue = Assert.Single(config.Venues);
        Assert.Equal("binance", venue.Name);
        Assert.Equal("https://api.binance.com", venue.UpstreamBase);
        Assert.Equal(["api.binance.com"], venue.Hosts);
        Assert.Equal("binance-hmac", venue.Scheme.Name);
        Assert.Equal(new Uri("http://127.0.0.1:8080"), config.Listen);
        Assert.Equal(65536, config.MaxRequestBodyBytes);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void Reports_every_problem_at_once()
    {
        var json = """
            {
              "Hsm": { "Module": "/nonexistent/module.so", "Pin": "1234" },
              "Listen": "http://0.0.0.0:8080",
              "Admin": "ftp://127.0.0.1:9901",
              "Limits": { "MaxRequestBodyBytes": 10 },
              "Venues": {
                "binance": { "Scheme": "binance-rsa", "Upstream": "http://api.binance.com", "ApiKey": "k", "Key": "l" },
                "bad name!": { "Scheme": "binance-hmac", "Upstream": "https://x.example", "ApiKey": "k", "Key": "l" },
                "usdm": { "Scheme": "binance-hmac", "Upstream": "https://fapi.binance.com", "Hosts": ["fapi.binance.com"], "Upstrem": "typo" },
                "usdm2": { "Scheme": "binance-hmac", "Upstream": "https://fapi.binance.com", "ApiKey": "has space", "Key": "l" }
              },
              "Extra": 1
            }
            """;

        var ex = Assert.Throws<ConfigException>(() => ConfigValidator.Validate(Load(json, out var file), file));

        var expected = new[]
        {
            "unknown setting 'Extra'",
            "'Hsm:Pin' is not allowed",
            "unknown setting 'Venues:usdm:Upstrem'",
            "Hsm:Module '/nonexistent/module.so' does not exist",
            "Hsm:Token is required",
            "no HSM PIN",
            "Admin 'ftp://127.0.0.1:9901' must be an http://host:port address",
            "Listen 'http://0.0.0.0:8080' is not a loopback address",
            "Limits:MaxRequestBodyBytes must be between",
            "Venues:binance:Scheme 'binance-rsa' is unknown",
            "Venues:binance:Upstream 'http://api.binance.com' must use https",
            "Venues:bad name!: venue names",
            "Venues:usdm:ApiKey is required",
            "Venues:usdm:Key is required",
            "Venues:usdm2:Hosts entry 'fapi.binance.com' is already used by venue 'usdm'",
            "Venues:usdm2:ApiKey contains characters",
        };
        foreach (var fragment in expected)
        {
            Assert.Contains(ex.Errors, e => e.Contains(fragment, StringComparison.Ordinal));
        }

        Assert.Equal(expected.Length, ex.Errors.Count);
    }

    [Theory]
    [InlineData("http://127.0.0.1:18555")]
    [InlineData("http://localhost:18555")]
    [InlineData("http://[::1]:18555")]
    [InlineData("https://api.binance.com/")]
    public void Http_upstreams_are_allowed_only_on_loopback(string upstream)
    {
        var config = ConfigValidator.Validate(Load(ValidJson(upstream: upstream)));
        Assert.Equal(upstream.TrimEnd('/'), Assert.Single(config.Venues).UpstreamBase);
    }

    [Theory]
    [InlineData("", 15_000)]
    [InlineData("\"ShutdownTimeoutMs\": 30000", 30_000)]
    [InlineData("\"UpstreamTimeoutMs\": 2000, \"ShutdownTimeoutMs\": 2000", 2_000)]
    public void Shutdown_timeout_defaults_to_15_s(string limits, int expectedMs)
    {
        var config = ConfigValidator.Validate(Load(WithLimits(limits)));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), config.ShutdownTimeout);
    }

    [Theory]
    [InlineData("\"ShutdownTimeoutMs\": 5000", "(10000) and at most 600000 (got 5000)")]
    [InlineData("\"UpstreamTimeoutMs\": 20000", "(20000) and at most 600000 (got 15000)")]
    [InlineData("\"ShutdownTimeoutMs\": 600001", "(got 600001)")]
    public void Shutdown_timeout_shorter_than_the_upstream_timeout_is_refused(string limits, string fragment)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigValidator.Validate(Load(WithLimits(limits))));

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith("Limits:ShutdownTimeoutMs must be at least Limits:UpstreamTimeoutMs", error, StringComparison.Ordinal);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public void An_audit_commit_delay_outside_0_to_1000_ms_is_refused(int delayMs)
    {
        var json = ValidJson().Replace("\"Listen\": \"http://127.0.0.1:8080\"", $"\"Listen\": \"http://127.0.0.1:8080\", \"Audit\": {{ \"CommitDelayMs\": {delayMs} }}", StringComparison.Ordinal);

        var ex = Assert.Throws<ConfigException>(() => ConfigValidator.Validate(Load(json)));

        Assert.Equal($"Audit:CommitDelayMs must be between 0 and 1000 (got {delayMs})", Assert.Single(ex.Errors));
    }

    [Fact]
    public void Every_bad_audit_setting_is_reported_at_once()
    {
        var audit = $$"""
            "Audit": { "CheckpointKey": "{{new string('k', 129)}}", "CheckpointIntervalSeconds": 0, "Stdout": true, "Otlp": "collector:4318",
                       "OtlpProtocol": "udp", "QueueCapacity": 1 }
            """;
        var json = ValidJson().Replace("\"Listen\": \"http://127.0.0.1:8080\"", "\"Listen\": \"http://127.0.0.1:8080\", " + audit, StringComparison.Ordinal);

        var ex = Assert.Throws<ConfigException>(() => ConfigValidator.Validate(Load(json)));

        Assert.Equal(
        [
            "Audit:QueueCapacity must be between 16 and 1000000 (got 1)",
            "Audit:CheckpointIntervalSeconds must be between 1 and 86400 (got 0)",
            "Audit:CheckpointKey must be a key label of 1–128 printable characters",
            "Audit:Otlp 'collector:4318' is not an absolute http:// or https:// URL or 'telemetry'",
            "Audit:OtlpProtocol 'udp' must be http/protobuf or grpc",
            "Audit:CheckpointKey needs Audit:Path: the file is the audit log's source of truth",
            "Audit:Stdout needs Audit:Path: the file is the audit log's source of truth",
            "Audit:Otlp needs Audit:Path: the file is the audit log's source of truth",
        ], ex.Errors);
    }

    [Fact]
    public void Audit_records_sent_to_the_telemetry_collector_need_one()
    {
        var json = ValidJson().Replace("\"Listen\": \"http://127.0.0.1:8080\"",
            "\"Listen\": \"http://127.0.0.1:8080\", \"Audit\": { \"Path\": \"/tmp/audit.log\", \"Otlp\": \"telemetry\" }", StringComparison.Ordinal);

        var ex = Assert.Throws<ConfigException>(() => ConfigValidator.Validate(Load(json)));

        Assert.Equal("Audit:Otlp 'telemetry' needs Telemetry:Otlp, the collector it names", Assert.Single(ex.Errors));
    }

    [Theory]
    [InlineData("http://collector:4318", "http/protobuf", "http://collector:4318/v1/logs")]
    [InlineData("http://collector:4318/", "http/protobuf", "http://collector:4318/v1/logs")]
    [InlineData("https://siem.example/otlp/v1/logs", "http/protobuf", "https://siem.example/otlp/v1/logs")]
    [InlineData("http://collector:4317", "grpc", "http://collector:4317/")]
    public void An_OTLP_collector_s_base_URL_gets_the_logs_path_over_HTTP(string setting, string protocol, string endpoint)
    {
        Assert.Equal(new Uri(endpoint), Sidecar.Audit.AuditOtlp.LogsEndpoint(setting, protocol));
    }

    [Fact]
    public void Non_loopback_listen_needs_the_explicit_opt_in_and_warns()
    {
        var json = ValidJson().Replace("\"Listen\": \"http://127.0.0.1:8080\"", "\"Listen\": \"http://0.0.0.0:8080\", \"AllowNonLoopbackListen\": true", StringComparison.Ordinal);

        var config = ConfigValidator.Validate(Load(json));

        Assert.Contains(config.Warnings, w => w.Contains("anyone who can connect", StringComparison.Ordinal));
    }

    [Fact]
    public void Environment_variables_override_the_file_the_ASP_NET_Core_way()
    {
        var path = Path.Combine(_dir, "env.json");
        File.WriteAllText(path, ValidJson());
        Environment.SetEnvironmentVariable("SIDECAR_Venues__binance__ApiKey", "from-env");
        try
        {
            var options = ConfigLoader.Load(path, out _);
            Assert.Equal("from-env", options.Venues["binance"].ApiKey);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SIDECAR_Venues__binance__ApiKey", null);
        }
    }

    [Fact]
    public void Invalid_json_and_missing_files_are_config_errors()
    {
        var path = Path.Combine(_dir, "broken.json");
        File.WriteAllText(path, "{ \"Hsm\": ");
        Assert.Contains("not valid JSON", Assert.Throws<ConfigException>(() => ConfigLoader.Load(path, out _)).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<ConfigException>(() => ConfigLoader.Load(Path.Combine(_dir, "none.json"), out _)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Listen", "http://localhost:8080", null)]
    [InlineData("Listen", "http://[::1]:8080", null)]
    [InlineData("Admin", "http://0.0.0.0:9901", null)]
    [InlineData("Listen", "http://sidecar.local:8080", "Listen 'http://sidecar.local:8080' must name an IP address or localhost, not a host name")]
    [InlineData("Admin", "http://my-pod:9901", "Admin 'http://my-pod:9901' must name an IP address or localhost, not a host name")]
    public void Listeners_bind_an_ip_address_or_localhost(string setting, string address, string? error)
    {
        var original = setting == "Listen" ? "http://127.0.0.1:8080" : "http://127.0.0.1:9901";
        var json = ValidJson().Replace($"\"{setting}\": \"{original}\"", $"\"{setting}\": \"{address}\"", StringComparison.Ordinal);

        if (error is null)
        {
            Assert.NotNull(ConfigValidator.Validate(Load(json)));
            return;
        }

        var ex = Assert.Throws<ConfigException>(() => ConfigValidator.Validate(Load(json)));
        Assert.Contains(error, ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string ValidJson(string upstream = "https://api.binance.com") => $$"""
        {
          "Hsm": { "Module": "/etc/hostname", "Token": "t", "PinFile": "{{_pinFile}}" },
          "Listen": "http://127.0.0.1:8080",
          "Admin": "http://127.0.0.1:9901",
          "Venues": {
            "binance": { "Scheme": "binance-hmac", "Upstream": "{{upstream}}", "ApiKey": "abc", "Key": "binance" }
          }
        }
        """;

    private string WithLimits(string limits) =>
        ValidJson().Replace("\"Listen\":", $"\"Limits\": {{ {limits} }},\n  \"Listen\":", StringComparison.Ordinal);

    private SidecarOptions Load(string json) => Load(json, out _);

    private SidecarOptions Load(string json, out IConfiguration file)
    {
        var path = Path.Combine(_dir, Guid.NewGuid() + ".json");
        File.WriteAllText(path, json);
        return ConfigLoader.Load(path, out file);
    }
}
