using System.Globalization;
using System.Text.Json.Nodes;
using Sidecar.Configuration;

namespace Sidecar.Tests.Configuration;

/// <summary>
/// Every numeric setting with a range, at its edges: below the smallest value and above the largest are refused
/// with an error naming the setting and the range, and the edges themselves are accepted. The ranges here are
/// written out, not taken from the defaults classes, so a changed range fails this table.
/// </summary>
public sealed class OptionRangeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sidecar-ranges-").FullName;

    public enum Edge
    {
        BelowMin,
        Min,
        Max,
        AboveMax,
    }

    /// <summary>
    /// Setting, smallest and largest accepted value (largest null: no upper bound), how the error states the range,
    /// and another setting the row needs ("Setting=value"), e.g. for a range that depends on it.
    /// </summary>
    private static readonly (string Setting, long Min, long? Max, string Range, string? Other)[] Ranges =
    [
        ("Hsm:Sessions", 1, 256, "must be between 1 and 256", null),
        ("Hsm:SessionWaitMs", 1, 60_000, "must be between 1 and 60000", null),
        ("Hsm:SignTimeoutMs", 50, 60_000, "must be between 50 and 60000", null),
        ("Limits:MaxRequestBodyBytes", 1024, 16_777_216, "must be between 1024 and 16777216", null),
        ("Limits:UpstreamTimeoutMs", 100, 300_000, "must be between 100 and 300000", "Limits:ShutdownTimeoutMs=600000"),
        ("Limits:ShutdownTimeoutMs", 10_000, 600_000, "must be at least Limits:UpstreamTimeoutMs (10000) and at most 600000", null),
        ("Limits:ShutdownTimeoutMs", 2_000, 600_000, "must be at least Limits:UpstreamTimeoutMs (2000) and at most 600000", "Limits:UpstreamTimeoutMs=2000"),
        ("Limits:MaxWebSocketMessageBytes", 1024, 16_777_216, "must be between 1024 and 16777216", "Limits:MaxWebSocketBufferBytes=268435456"),
        ("Limits:MaxWebSocketConnections", 1, 10_000, "must be between 1 and 10000", null),
        ("Limits:MaxWebSocketBufferBytes", 65_536, 268_435_456, "must be at least Limits:MaxWebSocketMessageBytes (65536) and at most 268435456", null),
        ("Limits:MaxWebSocketBufferBytes", 4096, 268_435_456, "must be at least Limits:MaxWebSocketMessageBytes (4096) and at most 268435456", "Limits:MaxWebSocketMessageBytes=4096"),
        ("Audit:MaxFileBytes", 4096, null, "must be at least 4096", null),
        ("Audit:QueueCapacity", 16, 1_000_000, "must be between 16 and 1000000", null),
        ("Audit:CommitDelayMs", 0, 1000, "must be between 0 and 1000", null),
        ("Audit:CheckpointIntervalSeconds", 1, 86_400, "must be between 1 and 86400", null),
        ("Alerts:DebounceSeconds", 0, 86_400, "must be between 0 and 86400", null),
        ("Alerts:RefusalBurst", 1, null, "must be at least 1", null),
        ("Alerts:RefusalBurstWindowSeconds", 1, 86_400, "must be between 1 and 86400", null),
        ("Keys:MaxAgeDays", 1, 3650, "must be between 1 and 3650", null),
        ("Clock:MaxSkewMs", 1, 600_000, "must be between 1 and 600000", null),
        ("Clock:SyncIntervalSeconds", 5, 3600, "must be between 5 and 3600", "Clock:MaxOffsetAgeSeconds=86400"),
        ("Clock:MaxOffsetAgeSeconds", 120, 86_400, "must be at least twice Clock:SyncIntervalSeconds and at most 86400", null),
        ("Clock:MaxOffsetAgeSeconds", 20, 86_400, "must be at least twice Clock:SyncIntervalSeconds and at most 86400", "Clock:SyncIntervalSeconds=10"),
        ("Venues:binance:Policy:RequestsPerSecond", 0, 100_000, "must be between 0 and 100000", null),
        ("Venues:binance:Policy:Burst", 1, 100_000, "must be between 1 and 100000", null),
        ("Venues:binance:Policy:OrdersPer10Seconds", 0, 100_000, "must be between 0 and 100000", null),
    ];

    public static TheoryData<string, long, long?, string, string?, Edge> EveryEdge()
    {
        var rows = new TheoryData<string, long, long?, string, string?, Edge>();
        foreach (var (setting, min, max, range, other) in Ranges)
        {
            foreach (var edge in Enum.GetValues<Edge>())
            {
                if (max is not null || edge is Edge.BelowMin or Edge.Min)
                {
                    rows.Add(setting, min, max, range, other, edge);
                }
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(EveryEdge))]
    public void Just_outside_a_range_is_refused_naming_the_setting_and_the_range_and_its_edges_are_accepted(string setting, long min, long? max, string range, string? other, Edge edge)
    {
        var value = edge switch
        {
            Edge.BelowMin => min - 1,
            Edge.Min => min,
            Edge.Max => max!.Value,
            _ => max!.Value + 1,
        };
        var json = ValidConfig();
        Set(json, setting, value);
        if (other is not null)
        {
            var (otherSetting, otherValue) = (other[..other.IndexOf('=')], long.Parse(other[(other.IndexOf('=') + 1)..], CultureInfo.InvariantCulture));
            Set(json, otherSetting, otherValue);
        }

        if (edge is Edge.Min or Edge.Max)
        {
            var accepted = ConfigValidator.Validate(Load(json, out var file), file);
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture), accepted.FileSettings[setting]);
            return;
        }

        var ex = Assert.Throws<ConfigException>(() => ConfigValidator.Validate(Load(json, out var file), file));

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{setting} {range} (got {value})"), error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("t", true)]
    [InlineData("a-token-label-of-exactly-32bytes", true)]
    [InlineData("a-token-label-of-exactly-33-bytes", false)]
    [InlineData("ŧøkęñ-ŧøkęñ-ŧøkęñ-ŧøkęñ", false)]
    public void A_token_label_longer_than_PKCS11s_32_bytes_is_refused(string label, bool accepted)
    {
        var json = ValidConfig();
        json["Hsm"]!["Token"] = label;

        if (accepted)
        {
            Assert.Equal(label, ConfigValidator.Validate(Load(json, out var file), file).Hsm.TokenLabel);
            return;
        }

        var ex = Assert.Throws<ConfigException>(() => ConfigValidator.Validate(Load(json, out var file), file));
        Assert.Equal($"Hsm:Token '{label}' is longer than PKCS#11's 32-byte token label", Assert.Single(ex.Errors));
    }

    [Fact]
    public void Every_alert_setting_out_of_range_is_reported_on_its_own()
    {
        var json = ValidConfig();
        json["Alerts"] = new JsonObject { ["DebounceSeconds"] = -1, ["RefusalBurst"] = 0, ["RefusalBurstWindowSeconds"] = 0 };

        var ex = Assert.Throws<ConfigException>(() => ConfigValidator.Validate(Load(json, out var file), file));

        Assert.Equal(
            ["Alerts:DebounceSeconds must be between 0 and 86400 (got -1)", "Alerts:RefusalBurst must be at least 1 (got 0)", "Alerts:RefusalBurstWindowSeconds must be between 1 and 86400 (got 0)"],
            ex.Errors);
    }

    // Venues:{name}:Policy:WeightReserve and :ExchangeLimits (the governor) and Venues:{name}:Reconcile: a fraction, and
    // a range with 0 for off, which the integer table above cannot write.
    [Theory]
    [InlineData(0.0, null)]
    [InlineData(0.05, null)]
    [InlineData(0.5, null)]
    [InlineData(-0.01, "Venues:binance:Policy:WeightReserve must be between 0 and 0.5 (got -0.01): the fraction of each exchange limit kept free for cancels")]
    [InlineData(0.51, "Venues:binance:Policy:WeightReserve must be between 0 and 0.5 (got 0.51): the fraction of each exchange limit kept free for cancels")]
    [InlineData(1.0, "Venues:binance:Policy:WeightReserve must be between 0 and 0.5 (got 1): the fraction of each exchange limit kept free for cancels")]
    public void WeightReserve_is_a_fraction_between_0_and_one_half(double reserve, string? error)
    {
        var json = ValidConfig();
        json["Venues"]!["binance"]!["Policy"] = new JsonObject { ["WeightReserve"] = reserve };

        if (error is null)
        {
            Assert.Equal(reserve, ValidateFile(json).Venues[0].Limits.WeightReserve);
            return;
        }

        Assert.Equal(error, Assert.Single(Assert.Throws<ConfigException>(() => ValidateFile(json)).Errors));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(5, null)]
    [InlineData(60, null)]
    [InlineData(86_400, null)]
    [InlineData(4, "Venues:binance:Reconcile:IntervalSeconds must be 0 (off) or between 5 and 86400 (got 4)")]
    [InlineData(-1, "Venues:binance:Reconcile:IntervalSeconds must be 0 (off) or between 5 and 86400 (got -1)")]
    [InlineData(86_401, "Venues:binance:Reconcile:IntervalSeconds must be 0 (off) or between 5 and 86400 (got 86401)")]
    public void Reconcile_IntervalSeconds_is_0_for_off_or_at_least_5(int interval, string? error)
    {
        var json = ValidConfig();
        json["Venues"]!["binance"]!["Reconcile"] = new JsonObject { ["IntervalSeconds"] = interval };

        if (error is null)
        {
            Assert.Equal(interval, ValidateFile(json).Venues[0].Reconcile.IntervalSeconds);
            return;
        }

        Assert.Equal(error, Assert.Single(Assert.Throws<ConfigException>(() => ValidateFile(json)).Errors));
    }

    [Theory]
    [InlineData("sc-", true)]
    [InlineData("desk.1_a-", true)]
    [InlineData("sixteen-chars-ok", true)]
    [InlineData("seventeen-chars-x", false)]
    [InlineData("has space", false)]
    [InlineData("a/b", false)]
    [InlineData("ñ", false)]
    public void The_client_order_id_prefix_is_short_and_made_of_what_every_exchange_takes(string prefix, bool accepted)
    {
        var json = ValidConfig();
        json["Venues"]!["binance"]!["Reconcile"] = new JsonObject { ["ClientOrderIdPrefix"] = prefix };

        if (accepted)
        {
            Assert.Equal(prefix, ValidateFile(json).Venues[0].Reconcile.ClientOrderIdPrefix);
            return;
        }

        Assert.Equal(
            $"Venues:binance:Reconcile:ClientOrderIdPrefix '{prefix}' must be 1 to 16 of the characters every exchange takes in a client order id: letters, digits, '.', '_' and '-'",
            Assert.Single(Assert.Throws<ConfigException>(() => ValidateFile(json)).Errors));
    }

    [Fact]
    public void The_defaults_govern_with_a_5_percent_reserve_and_reconcile_every_minute()
    {
        var venue = ValidateFile(ValidConfig()).Venues[0];

        Assert.Equal((0.05, true, 60, "sc-"), (venue.Limits.WeightReserve, venue.Limits.ExchangeLimits, venue.Reconcile.IntervalSeconds, venue.Reconcile.ClientOrderIdPrefix));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_and_an_unknown_Reconcile_setting_too()
    {
        var json = ValidConfig();
        json["Venues"]!["binance"]!["Policy"] = new JsonObject { ["WeightReserve"] = 0.9 };
        json["Venues"]!["binance"]!["Reconcile"] = new JsonObject { ["IntervalSeconds"] = 1, ["ClientOrderIdPrefix"] = "no spaces", ["Intervall"] = 5 };

        var errors = Assert.Throws<ConfigException>(() => ValidateFile(json)).Errors;

        Assert.Contains(errors, e => e.StartsWith("unknown setting 'Venues:binance:Reconcile:Intervall'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Venues:binance:Policy:WeightReserve must be between 0 and 0.5 (got 0.9)", StringComparison.Ordinal));
        Assert.Contains("Venues:binance:Reconcile:IntervalSeconds must be 0 (off) or between 5 and 86400 (got 1)", errors);
        Assert.Contains(errors, e => e.StartsWith("Venues:binance:Reconcile:ClientOrderIdPrefix 'no spaces'", StringComparison.Ordinal));
    }

    private ValidatedConfig ValidateFile(JsonObject json) => ConfigValidator.Validate(Load(json, out var file), file);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void Set(JsonObject json, string setting, long value)
    {
        var parts = setting.Split(':');
        var node = json;
        foreach (var part in parts[..^1])
        {
            node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
        }

        node[parts[^1]] = value;
    }

    private JsonObject ValidConfig()
    {
        var pin = Path.Combine(_dir, "pin");
        File.WriteAllText(pin, "1234\n");
        return new JsonObject
        {
            ["Hsm"] = new JsonObject { ["Module"] = "/etc/hostname", ["Token"] = "t", ["PinFile"] = pin },
            ["Venues"] = new JsonObject
            {
                ["binance"] = new JsonObject { ["Scheme"] = "binance-hmac", ["Upstream"] = "https://api.binance.com", ["ApiKey"] = "abc", ["Key"] = "binance" },
            },
        };
    }

    private SidecarOptions Load(JsonObject json, out Microsoft.Extensions.Configuration.IConfiguration file)
    {
        var path = Path.Combine(_dir, Guid.NewGuid() + ".json");
        File.WriteAllText(path, json.ToJsonString());
        return ConfigLoader.Load(path, out file);
    }
}
