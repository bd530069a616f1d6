using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Bitmex;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bitmex;

/// <summary>A fake BitMEX with a generated key and secret, the secret imported into the test token.</summary>
public sealed class BitmexAccount : VenueAccount<FakeBitmex>
{
    public const string Host = "www.bitmex.com";

    private BitmexAccount(FakeBitmex exchange, string apiKey, string secret, string keyLabel)
        : base(exchange, apiKey, secret, keyLabel)
    {
    }

    public static async Task<BitmexAccount> CreateAsync(SoftHsmToken token)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
        var apiKey = RandomNumberGenerator.GetString(alphabet, 24);
        var secret = RandomNumberGenerator.GetString(alphabet, 48);
        var label = ImportHmac(token, "bitmex", Encoding.UTF8.GetBytes(secret));
        var exchange = await FakeBitmex.StartAsync(new FakeBitmexOptions { ApiKey = apiKey, Secret = Encoding.UTF8.GetBytes(secret) });
        return new BitmexAccount(exchange, apiKey, secret, label);
    }

    public JsonObject Venue() => SidecarUnderTest.Venue("bitmex", Exchange.BaseAddress, ApiKey, KeyLabel, Host);
}
