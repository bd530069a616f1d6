using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Deribit;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Deribit;

/// <summary>A fake Deribit with a generated client id and secret, the secret imported into the test token.</summary>
public sealed class DeribitAccount : VenueAccount<FakeDeribit>
{
    public const string Host = "www.deribit.com";

    private DeribitAccount(FakeDeribit exchange, string clientId, string clientSecret, string keyLabel)
        : base(exchange, clientId, clientSecret, keyLabel)
    {
    }

    public string ClientId => ApiKey;

    public string ClientSecret => Secret;

    public static async Task<DeribitAccount> CreateAsync(SoftHsmToken token)
    {
        var clientId = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8);
        var clientSecret = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", 43);
        var label = ImportHmac(token, "deribit", Encoding.UTF8.GetBytes(clientSecret));
        var exchange = await FakeDeribit.StartAsync(new FakeDeribitOptions { ClientId = clientId, ClientSecret = Encoding.UTF8.GetBytes(clientSecret) });
        return new DeribitAccount(exchange, clientId, clientSecret, label);
    }

    public JsonObject Venue() => SidecarUnderTest.Venue("deribit", Exchange.BaseAddress, ClientId, KeyLabel, Host);

    /// <summary>A WebSocket venue whose upstream is the fake's WebSocket API (bots connect to /{venue}/ws/api/v2).</summary>
    public JsonObject WebSocketVenue() => new()
    {
        ["Scheme"] = "deribit",
        ["Upstream"] = $"ws://127.0.0.1:{Exchange.BaseAddress.Port}",
        ["ApiKey"] = ClientId,
        ["Key"] = KeyLabel,
    };
}
