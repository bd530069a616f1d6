using System.Text.Json.Nodes;
using Sidecar.Configuration;

namespace Sidecar.Tests.Configuration;

/// <summary>The <c>Clock</c> section: defaults, every bound checked at start-up, unknown keys refused.</summary>
public sealed class ClockConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sidecar-clock-config-").FullName;

    [Fact]
    public void Defaults_apply_when_the_section_is_absent()
    {
        var config = ConfigValidator.Validate(ConfigLoader.Load(Write(null), out var file), file);

        Assert.Equal(1000, config.Clock.MaxSkewMs);
        Assert.Equal(60, config.Clock.SyncIntervalSeconds);
        Assert.Equal(600, config.Clock.MaxOffsetAgeSeconds);
        Assert.False(config.Clock.Restamp);
        Assert.Empty(config.Clock.LocalClockVenues);
    }

    [Fact]
    public void Valid_settings_are_kept()
    {
        var clock = new JsonObject
        {
            ["MaxSkewMs"] = 250, ["SyncIntervalSeconds"] = 30, ["MaxOffsetAgeSeconds"] = 120, ["Restamp"] = true,
            ["LocalClockVenues"] = new JsonArray("binance"),
        };

        var config = ConfigValidator.Validate(ConfigLoader.Load(Write(clock), out var file), file);

        Assert.Equal(250, config.Clock.MaxSkewMs);
        Assert.Equal(30, config.Clock.SyncIntervalSeconds);
        Assert.Equal(120, config.Clock.MaxOffsetAgeSeconds);
        Assert.True(config.Clock.Restamp);
        Assert.Equal(["binance"], config.Clock.LocalClockVenues);
    }

    [Theory]
    [InlineData("""{ "MaxSkewMs": 0 }""", "Clock:MaxSkewMs must be between 1 and 600000 (got 0)")]
    [InlineData("""{ "MaxSkewMs": 600001 }""", "Clock:MaxSkewMs must be between 1 and 600000")]
    [InlineData("""{ "SyncIntervalSeconds": 4 }""", "Clock:SyncIntervalSeconds must be between 5 and 3600 (got 4)")]
    [InlineData("""{ "SyncIntervalSeconds": 3601, "MaxOffsetAgeSeconds": 80000 }""", "Clock:SyncIntervalSeconds must be between 5 and 3600")]
    [InlineData("""{ "SyncIntervalSeconds": 60, "MaxOffsetAgeSeconds": 119 }""", "Clock:MaxOffsetAgeSeconds must be at least twice Clock:SyncIntervalSeconds")]
    [InlineData("""{ "MaxOffsetAgeSeconds": 86401 }""", "Clock:MaxOffsetAgeSeconds must be at least twice")]
    [InlineData("""{ "LocalClockVenues": ["binance", "krakn"] }""", "Clock:LocalClockVenues names 'krakn', which is not a configured venue")]
    [InlineData("""{ "MaxSkew": 10 }""", "unknown setting 'Clock:MaxSkew'")]
    public void Bad_settings_are_reported(string clock, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigValidator.Validate(ConfigLoader.Load(Write(JsonNode.Parse(clock)!.AsObject()), out var file), file));

        Assert.Contains(ex.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_clock_problem_is_reported_at_once()
    {
        var clock = new JsonObject { ["MaxSkewMs"] = -1, ["SyncIntervalSeconds"] = 0, ["LocalClockVenues"] = new JsonArray("nope") };

        var ex = Assert.Throws<ConfigException>(() => ConfigValidator.Validate(ConfigLoader.Load(Write(clock), out var file), file));

        Assert.Contains(ex.Errors, e => e.StartsWith("Clock:MaxSkewMs", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Clock:SyncIntervalSeconds", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Clock:LocalClockVenues", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(JsonObject? clock)
    {
        var pin = Path.Combine(_dir, "pin");
        File.WriteAllText(pin, "1234\n");
        var config = new JsonObject
        {
            ["Hsm"] = new JsonObject { ["Module"] = "/etc/hostname", ["Token"] = "t", ["PinFile"] = pin },
            ["Venues"] = new JsonObject
            {
                ["binance"] = new JsonObject { ["Scheme"] = "binance-hmac", ["Upstream"] = "https://api.binance.com", ["ApiKey"] = "abc", ["Key"] = "binance" },
            },
        };
        if (clock is not null)
        {
            config["Clock"] = clock;
        }

        var path = Path.Combine(_dir, Guid.NewGuid() + ".json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }
}
