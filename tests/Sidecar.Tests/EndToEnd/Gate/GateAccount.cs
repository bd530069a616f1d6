using System.Security.Cryptography;
using System.Text;
using Sidecar.FakeExchange.Gate;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Gate;

/// <summary>A fake Gate with a generated key pair (32-hex-digit key, 64-hex-digit secret, like Gate's), and that secret imported into the test token.</summary>
public sealed class GateAccount : VenueAccount<FakeGate>
{
    private GateAccount(FakeGate exchange, string apiKey, string secret, string keyLabel)
        : base(exchange, apiKey, secret, keyLabel)
    {
    }

    /// <summary>Starts the fake only; <paramref name="token"/> null leaves the HSM alone (direct-mode validation).</summary>
    public static async Task<GateAccount> CreateAsync(SoftHsmToken? token)
    {
        var apiKey = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var secret = RandomNumberGenerator.GetHexString(64, lowercase: true);
        var label = ImportHmac(token, "gate", Encoding.ASCII.GetBytes(secret));
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
}
