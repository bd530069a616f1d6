using Sidecar.Hosting;
using Sidecar.Policy;
using Sidecar.Signing.Policy;

namespace Sidecar.Tests.Hosting;

/// <summary>What a reload keeps and what it names as waiting for a restart.</summary>
public sealed class ReloadRulesTests
{
    [Theory]
    [InlineData("Venues:binance:Key=a", "Venues:binance:Key=b", "")]
    [InlineData("Keys:MaxAgeDays=90", "Keys:MaxAgeDays=30|Keys:EnforceMaxAge=true", "")]
    [InlineData("Listen=http://127.0.0.1:8080", "Listen=http://127.0.0.1:8081", "Listen")]
    [InlineData("Limits:UpstreamTimeoutMs=1000", "", "Limits:UpstreamTimeoutMs")]
    [InlineData("", "Audit:Path=/var/log/a.jsonl", "Audit:Path")]
    [InlineData("AllowedUids:0=1000", "AllowedUids:0=1000|AllowedUids:1=1001", "AllowedUids")]
    [InlineData("Hsm:Token=a|Telemetry:Otlp=http://x", "hsm:token=b|Telemetry:Otlp=http://x", "Hsm:Token")]
    [InlineData("StateDirectory=/a|Alerts:Format=slack|Venues:x:Key=k", "StateDirectory=/b|Alerts:Format=generic|Venues:x:Key=l", "Alerts:Format|StateDirectory")]
    public void Only_settings_outside_Venues_and_Keys_need_a_restart(string running, string next, string expected)
    {
        var changes = ConfigReloader.RestartOnlyChanges(Settings(running), Settings(next));

        Assert.Equal(expected.Length == 0 ? [] : expected.Split('|'), changes);
    }

    [Fact]
    public void Unchanged_rate_limits_keep_their_buckets()
    {
        var options = new PolicyOptions { RequestsPerSecond = 1, Burst = 1 };
        var limits = new VenueLimits(options, TimeProvider.System);
        Assert.Null(Check(limits, Signed));

        var reloaded = limits.ReloadedWith(options, new PolicyOptions { RequestsPerSecond = 1, Burst = 1, Symbols = ["BTCUSDT"] }, governor: null);

        Assert.Same(limits, reloaded);
        Assert.Equal("RequestsPerSecond", Check(reloaded, Signed)?.Rule);
    }

    [Fact]
    public void Changed_rate_limits_start_fresh_but_keep_the_exchange_back_off()
    {
        var limits = new VenueLimits(new PolicyOptions { RequestsPerSecond = 1, Burst = 1 }, TimeProvider.System);
        limits.ObserveUpstream(429, "120");

        var reloaded = limits.ReloadedWith(new PolicyOptions { RequestsPerSecond = 1, Burst = 1 }, new PolicyOptions { RequestsPerSecond = 100, Burst = 10 }, governor: null);

        Assert.NotSame(limits, reloaded);
        Assert.Equal("exchange Retry-After", Check(reloaded, Signed)?.Rule);
        Assert.Null(Check(reloaded, ExchangeEndpoint.Public("GET /api/v3/time")));
    }

    private static readonly ExchangeEndpoint Signed = ExchangeEndpoint.Read("GET /api/v3/account");

    private static (string Rule, TimeSpan RetryAfter)? Check(VenueLimits limits, ExchangeEndpoint endpoint) =>
        limits.Check(endpoint, OrderRead.None, "/api/v3/account"u8, [], [], out _);

    private static Dictionary<string, string> Settings(string pairs)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            settings[pair[..eq]] = pair[(eq + 1)..];
        }

        return settings;
    }
}
