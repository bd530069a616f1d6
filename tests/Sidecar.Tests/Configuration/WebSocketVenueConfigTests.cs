using Sidecar.Configuration;

namespace Sidecar.Tests.Configuration;

/// <summary>WebSocket venues in the configuration: the URL schemes, what does not apply to them, and shared rate limits.</summary>
public sealed class WebSocketVenueConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sidecar-wsconfig-").FullName;
    private readonly string _pinFile;

    public WebSocketVenueConfigTests()
    {
        _pinFile = Path.Combine(_dir, "pin");
        File.WriteAllText(_pinFile, "1234\n");
    }

    [Theory]
    [InlineData("wss://ws-api.binance.com:443")]
    [InlineData("ws://127.0.0.1:9443")]
    public void A_wss_upstream_or_a_loopback_ws_upstream_makes_a_websocket_venue_with_no_hosts(string upstream)
    {
        var config = Validate("""{ "Scheme": "binance-hmac", "Upstream": "UP", "ApiKey": "k", "Key": "other" }""".Replace("UP", upstream, StringComparison.Ordinal));

        var venue = Assert.Single(config.Venues, v => v.Name == "ws");
        Assert.True(venue.IsWebSocket);
        Assert.Empty(venue.Hosts);
    }

    [Theory]
    [InlineData("""{ "Scheme": "binance-hmac", "Upstream": "ws://ws-api.binance.com", "ApiKey": "k", "Key": "other" }""", "must use https, or wss for a WebSocket venue")]
    [InlineData("""{ "Scheme": "binance-hmac", "Upstream": "wss://ws-api.binance.com", "Hosts": ["api.binance.com"], "ApiKey": "k", "Key": "other" }""", "Venues:ws:Hosts entry 'api.binance.com' is already used by venue 'binance'")]
    [InlineData("""{ "Scheme": "bitmex", "Upstream": "wss://ws.bitmex.com", "ApiKey": "k", "Key": "other" }""", "BitMEX's WebSocket API is not supported: BitMEX is REST only")]
    [InlineData("""{ "Scheme": "binance-hmac", "Upstream": "wss://ws-api.binance.com", "ApiKey": "k", "Key": "other", "RateLimitsFrom": "nowhere" }""", "Venues:ws:RateLimitsFrom names 'nowhere', which is not a configured venue")]
    [InlineData("""{ "Scheme": "binance-hmac", "Upstream": "wss://ws-api.binance.com", "ApiKey": "k", "Key": "other", "RateLimitsFrom": "binance" }""", "'binance' signs with another key")]
    public void Websocket_venue_mistakes_are_reported(string venue, string error)
    {
        var ex = Assert.Throws<ConfigException>(() => Validate(venue));

        Assert.Contains(ex.Errors, e => e.Contains(error, StringComparison.Ordinal));
    }

    [Fact]
    public void A_websocket_venue_shares_the_rate_limits_of_the_one_rest_venue_of_its_key()
    {
        var config = Validate("""{ "Scheme": "binance-hmac", "Upstream": "wss://ws-api.binance.com", "ApiKey": "k", "Key": "binance" }""");

        Assert.Equal("binance", Assert.Single(config.Venues, v => v.Name == "ws").RateLimitsFrom);
        Assert.Null(Assert.Single(config.Venues, v => v.Name == "binance").RateLimitsFrom);
    }

    [Fact]
    public void With_several_rest_venues_on_its_key_a_websocket_venue_must_name_one()
    {
        var usdm = """{ "Scheme": "binance-hmac", "Upstream": "https://fapi.binance.com", "ApiKey": "k", "Key": "binance" }""";
        var ws = """{ "Scheme": "binance-hmac", "Upstream": "wss://ws-api.binance.com", "ApiKey": "k", "Key": "binance" }""";

        var ex = Assert.Throws<ConfigException>(() => Validate(ws, ("usdm", usdm)));
        Assert.Contains(ex.Errors, e => e.Contains("Venues:ws:RateLimitsFrom is required", StringComparison.Ordinal) && e.Contains("binance, usdm", StringComparison.Ordinal));

        var named = Validate(ws.Replace("}", ", \"RateLimitsFrom\": \"usdm\" }", StringComparison.Ordinal), ("usdm", usdm));
        Assert.Equal("usdm", Assert.Single(named.Venues, v => v.Name == "ws").RateLimitsFrom);
    }

    [Fact]
    public void The_websocket_limits_are_validated_with_the_others()
    {
        var ex = Assert.Throws<ConfigException>(() => Validate(
            """{ "Scheme": "binance-hmac", "Upstream": "wss://ws-api.binance.com", "ApiKey": "k", "Key": "other" }""",
            limits: """ "MaxWebSocketMessageBytes": 10, "MaxWebSocketConnections": 0, "MaxWebSocketBufferBytes": 5 """));

        Assert.Contains(ex.Errors, e => e.StartsWith("Limits:MaxWebSocketMessageBytes must be between 1024 and 16777216", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Limits:MaxWebSocketConnections must be between 1 and 10000", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Limits:MaxWebSocketBufferBytes must be at least Limits:MaxWebSocketMessageBytes", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ValidatedConfig Validate(string webSocketVenue, (string Name, string Json)? extra = null, string? limits = null)
    {
        var json = $$"""
            {
              "Hsm": { "Module": "/etc/hostname", "Token": "t", "PinFile": "{{_pinFile}}" },
              "Listen": "http://127.0.0.1:8080",
              "Admin": "http://127.0.0.1:9901",
              {{(limits is null ? "" : $"\"Limits\": {{ {limits} }},")}}
              "Venues": {
                "binance": { "Scheme": "binance-hmac", "Upstream": "https://api.binance.com", "ApiKey": "abc", "Key": "binance" },
                {{(extra is { } e ? $"\"{e.Name}\": {e.Json}," : "")}}
                "ws": {{webSocketVenue}}
              }
            }
            """;
        var path = Path.Combine(_dir, Guid.NewGuid() + ".json");
        File.WriteAllText(path, json);
        var options = ConfigLoader.Load(path, out var file);
        return ConfigValidator.Validate(options, file);
    }
}
