using System.Security.Cryptography;
using System.Text;
using Sidecar.FakeExchange.Gate;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Gate;

/// <summary>A fake Gate with a generated key pair (32-hex-digit key, 64-hex-digit secret, like Gate's), and that secret imported into the test token.</summary>
public sealed class GateAccount : IAsyncDisposable
{
    private GateAccount(FakeGate exchange, string apiKey, string secret, string keyLabel)
    {
        Exchange = exchange;
        ApiKey = apiKey;
        Secret = secret;
        KeyLabel = keyLabel;
    }

    public FakeGate Exchange { get; }

    public string ApiKey { get; }

    public string Secret { get; }

    public string KeyLabel { get; }

    public static async Task<GateAccount> CreateAsync(SoftHsmToken token)
    {
        var apiKey = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var secret = RandomNumberGenerator.GetHexString(64, lowercase: true);
        var label = TestSecrets.Label("gate");
        token.ImportHmac(label, Encoding.ASCII.GetBytes(secret));
        var exchange = await FakeGate.StartAsync(new FakeGateOptions { ApiKey = apiKey, Secret = Encoding.ASCII.GetBytes(secret) });
        return new GateAccount(exchange, apiKey, secret, label);
    }

    /// <summary>A WebSocket venue to the fake's WebSockets (its Upstream the fake's ws:// address), with this key.</summary>
    public System.Text.Json.Nodes.JsonObject WebSocketVenue() => new()
    {
        ["Scheme"] = "gate-v4",
        ["Upstream"] = $"ws://127.0.0.1:{Exchange.BaseAddress.Port}",
        ["ApiKey"] = ApiKey,
        ["Key"] = KeyLabel,
    };

    public ValueTask DisposeAsync() => Exchange.DisposeAsync();
}
