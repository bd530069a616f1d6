using Sidecar.Configuration;
using Sidecar.Policy;
using Sidecar.Proxy;
using Sidecar.Signing;

namespace Sidecar.Tests.Infrastructure;

/// <summary>A venue table without an HSM (spot and USD-M Binance), for the request parser's tests and properties.</summary>
internal static class TestVenues
{
    public static readonly VenueTable Binance = new([
        Make("binance", "https://api.binance.com", "api.binance.com"),
        Make("binance-usdm", "https://fapi.binance.com", "fapi.binance.com"),
    ]);

    private static Venue Make(string name, string upstream, string host)
    {
        Assert.True(SigningSchemes.TryGet("binance-hmac", out var scheme));
        var definition = new VenueDefinition
        {
            Name = name,
            Scheme = scheme,
            UpstreamBase = upstream,
            Hosts = [host],
            ApiKey = "k",
            KeyLabel = "l",
            Policy = new VenuePolicy(scheme, "trade", [], [], [], [], null, null),
            Limits = new PolicyOptions(),
        };
        return new Venue(definition, new VenueCredentials("k", new ReferenceHmacKey(new byte[32])), TimeProvider.System);
    }
}
