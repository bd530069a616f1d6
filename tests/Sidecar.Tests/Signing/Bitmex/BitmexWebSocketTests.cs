using Sidecar.Configuration;
using Sidecar.Signing;

namespace Sidecar.Tests.Signing.Bitmex;

/// <summary>BitMEX is REST only (docs/websocket/bitmex.md): a WebSocket venue for it is refused at start-up, saying why.</summary>
public sealed class BitmexWebSocketTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sidecar-bitmex-ws-").FullName;

    [Fact]
    public void A_websocket_venue_for_bitmex_is_refused_with_the_reason()
    {
        var pin = Path.Combine(_dir, "pin");
        File.WriteAllText(pin, "1234\n");
        var path = Path.Combine(_dir, "sidecar.json");
        File.WriteAllText(path, $$"""
            {
              "Hsm": { "Module": "/etc/hostname", "Token": "t", "PinFile": "{{pin}}" },
              "Listen": "http://127.0.0.1:8080",
              "Admin": "http://127.0.0.1:9901",
              "Venues": { "bitmex-ws": { "Scheme": "bitmex", "Upstream": "wss://ws.bitmex.com", "ApiKey": "abc", "Key": "bitmex" } }
            }
            """);
        var options = ConfigLoader.Load(path, out var file);

        var error = Assert.Single(Assert.Throws<ConfigException>(() => ConfigValidator.Validate(options, file)).Errors);

        Assert.StartsWith("Venues:bitmex-ws:Upstream is a WebSocket URL, but BitMEX's WebSocket API is not supported", error, StringComparison.Ordinal);
        Assert.Contains("ccxt has no BitMEX class", error, StringComparison.Ordinal);
        Assert.Contains("2026-09-23", error, StringComparison.Ordinal);
        Assert.True(SigningSchemes.TryGet("bitmex", out var scheme));
        Assert.NotNull(scheme.Exchange.WebSocket.UnsupportedReason);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
