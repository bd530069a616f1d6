using Sidecar.Configuration;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Configuration;

/// <summary>Venues sharing a host by ClientKey (#21 part 3): what may share, and every mistake reported at once.</summary>
public sealed class ClientKeyConfigTests : IDisposable
{
    private const string Sub1 = """{ "Scheme": "binance-hmac", "Upstream": "https://api.binance.com", "ApiKey": "k1", "Key": "sub1", "ClientKey": "sub1" }""";
    private const string Sub2 = """{ "Scheme": "binance-hmac", "Upstream": "https://api.binance.com", "ApiKey": "k2", "Key": "sub2", "ClientKey": "sub2" }""";

    private readonly string _dir = Directory.CreateTempSubdirectory("sidecar-clientkey-").FullName;

    [Fact]
    public void Venues_of_one_exchange_with_distinct_client_keys_share_a_host()
    {
        var config = Validate(("sub1", Sub1), ("sub2", Sub2));

        Assert.Equal("sub1", Assert.Single(config.Venues, v => v.Name == "sub1").ClientKey);
        Assert.All(config.Venues, v => Assert.Equal(["api.binance.com"], v.Hosts));
    }

    [Theory]
    [InlineData("""{ "Scheme": "binance-hmac", "Upstream": "https://api.binance.com", "ApiKey": "k2", "Key": "sub2" }""",
        "Venues:sub2:Hosts entry 'api.binance.com' is already used by venue 'sub1'; a host selects exactly one venue, unless every venue on it has a distinct ClientKey")]
    [InlineData("""{ "Scheme": "binance-hmac", "Upstream": "https://api.binance.com", "ApiKey": "k2", "Key": "sub2", "ClientKey": "sub1" }""",
        "Venues:sub2:Hosts entry 'api.binance.com' is shared with venue 'sub1', which has the same ClientKey")]
    [InlineData("""{ "Scheme": "bybit-hmac", "Upstream": "https://api.bybit.com", "Hosts": ["api.binance.com"], "ApiKey": "k2", "Key": "sub2", "ClientKey": "sub2" }""",
        "Venues:sub2:Hosts entry 'api.binance.com' is already used by venue 'sub1' of Binance; venues sharing a host must be of one exchange")]
    [InlineData("""{ "Scheme": "binance-hmac", "Upstream": "https://api.binance.com", "ApiKey": "k2", "Key": "sub2", "ClientKey": "has space" }""",
        "Venues:sub2:ClientKey must be at most 256 printable ASCII characters without spaces")]
    [InlineData("""{ "Scheme": "binance-hmac", "Upstream": "wss://ws-api.binance.com", "ApiKey": "k2", "Key": "sub2", "ClientKey": "sub2" }""",
        "Venues:sub2:ClientKey selects a REST venue by the API key a request carries; a WebSocket upgrade carries none")]
    [InlineData("""{ "Scheme": "coinbase-advanced", "Upstream": "https://api.coinbase.com", "ApiKey": "organizations/o/apiKeys/k", "Key": "sub2", "ClientKey": "sub2" }""",
        "Venues:sub2:ClientKey: Coinbase Advanced requests carry the key id inside a signed value")]
    public void Client_key_mistakes_are_reported(string second, string error)
    {
        var ex = Assert.Throws<ConfigException>(() => Validate(("sub1", Sub1), ("sub2", second)));

        Assert.Contains(ex.Errors, e => e.StartsWith(error, StringComparison.Ordinal));
    }

    [Fact]
    public void A_client_key_longer_than_a_header_should_carry_is_refused()
    {
        var ex = Assert.Throws<ConfigException>(() => Validate(("sub1", Sub1.Replace("\"ClientKey\": \"sub1\"", $"\"ClientKey\": \"{new string('k', 257)}\"", StringComparison.Ordinal))));

        Assert.Contains(ex.Errors, e => e.StartsWith("Venues:sub1:ClientKey must be at most 256", StringComparison.Ordinal));
    }

    [Fact]
    public void The_docs_name_every_exchange_s_key_header()
    {
        var rows = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "venues.md")).Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();

        foreach (var exchange in Exchanges.All)
        {
            var row = Assert.Single(rows, r => r.Split('|')[1].Split(',').Any(n => n.Trim() == exchange.Name) && r.Contains("| none |", StringComparison.Ordinal) == (exchange.ClientKeyHeader is null)
                && (exchange.ClientKeyHeader is null || r.Contains($"`{exchange.ClientKeyHeader}`", StringComparison.Ordinal)));
            Assert.NotNull(row);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ValidatedConfig Validate(params (string Name, string Json)[] venues)
    {
        var pinFile = Path.Combine(_dir, "pin");
        File.WriteAllText(pinFile, "1234\n");
        var json = $$"""
            {
              "Hsm": { "Module": "/etc/hostname", "Token": "t", "PinFile": "{{pinFile}}" },
              "Listen": "http://127.0.0.1:8080",
              "Admin": "http://127.0.0.1:9901",
              "Venues": { {{string.Join(",", venues.Select(v => $"\"{v.Name}\": {v.Json}"))}} }
            }
            """;
        var path = Path.Combine(_dir, Guid.NewGuid() + ".json");
        File.WriteAllText(path, json);
        var options = ConfigLoader.Load(path, out var file);
        return ConfigValidator.Validate(options, file);
    }
}
