using System.Globalization;
using System.Text.Json.Nodes;
using Sidecar.Configuration;

namespace Sidecar.Tests.Configuration;

/// <summary>
/// <c>Venues:{name}:Policy:WeightReserve</c> and <c>:ExchangeLimits</c> (the governor), and
/// <c>Venues:{name}:Reconcile</c>: their edges, their defaults, and every problem reported at once.
/// </summary>
public sealed class GovernorAndReconcileConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sidecar-governor-config-").FullName;

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
            Assert.Equal(reserve, Validate(json).Venues[0].Limits.WeightReserve);
            return;
        }

        Assert.Equal(error, Assert.Single(Assert.Throws<ConfigException>(() => Validate(json)).Errors));
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
            Assert.Equal(interval, Validate(json).Venues[0].Reconcile.IntervalSeconds);
            return;
        }

        Assert.Equal(error, Assert.Single(Assert.Throws<ConfigException>(() => Validate(json)).Errors));
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
            Assert.Equal(prefix, Validate(json).Venues[0].Reconcile.ClientOrderIdPrefix);
            return;
        }

        Assert.Equal(
            $"Venues:binance:Reconcile:ClientOrderIdPrefix '{prefix}' must be 1 to 16 of the characters every exchange takes in a client order id: letters, digits, '.', '_' and '-'",
            Assert.Single(Assert.Throws<ConfigException>(() => Validate(json)).Errors));
    }

    [Fact]
    public void The_defaults_govern_with_a_5_percent_reserve_and_reconcile_every_minute()
    {
        var venue = Validate(ValidConfig()).Venues[0];

        Assert.Equal((0.05, true, 60, "sc-"), (venue.Limits.WeightReserve, venue.Limits.ExchangeLimits, venue.Reconcile.IntervalSeconds, venue.Reconcile.ClientOrderIdPrefix));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_and_an_unknown_Reconcile_setting_too()
    {
        var json = ValidConfig();
        json["Venues"]!["binance"]!["Policy"] = new JsonObject { ["WeightReserve"] = 0.9 };
        json["Venues"]!["binance"]!["Reconcile"] = new JsonObject { ["IntervalSeconds"] = 1, ["ClientOrderIdPrefix"] = "no spaces", ["Intervall"] = 5 };

        var errors = Assert.Throws<ConfigException>(() => Validate(json)).Errors;

        Assert.Contains(errors, e => e.StartsWith("unknown setting 'Venues:binance:Reconcile:Intervall'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Venues:binance:Policy:WeightReserve must be between 0 and 0.5 (got 0.9)", StringComparison.Ordinal));
        Assert.Contains("Venues:binance:Reconcile:IntervalSeconds must be 0 (off) or between 5 and 86400 (got 1)", errors);
        Assert.Contains(errors, e => e.StartsWith("Venues:binance:Reconcile:ClientOrderIdPrefix 'no spaces'", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ValidatedConfig Validate(JsonObject json)
    {
        var path = Path.Combine(_dir, Guid.NewGuid() + ".json");
        File.WriteAllText(path, json.ToJsonString());
        return ConfigValidator.Validate(ConfigLoader.Load(path, out var file), file);
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
}
