using System.Text.Json.Nodes;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// One test's venue as its <see cref="ProxyVenue"/> row states it: the fake exchange with its key in the HSM, and the
/// real proxy in front of it with the row's venues (and the <see cref="GuardedRoute"/> venue when the row has guards).
/// </summary>
public sealed class ProxyRun : IAsyncDisposable
{
    /// <summary>The venue with the row's order guards.</summary>
    public const string GuardedRoute = "guarded";

    private ProxyRun(ProxyAccount account, SidecarUnderTest sidecar)
    {
        Account = account;
        Sidecar = sidecar;
    }

    public ProxyAccount Account { get; }

    public SidecarUnderTest Sidecar { get; }

    public static async Task<ProxyRun> StartAsync(SoftHsmToken token, ProxyVenue venue)
    {
        var account = await venue.CreateAccountAsync(token);
        Assert.All(account.Secrets, secret => Assert.False(string.IsNullOrEmpty(secret)));
        var venues = new JsonObject { [venue.Route] = account.Venue(venue.Host) };
        foreach (var (route, host) in venue.MoreVenues)
        {
            venues[route] = account.Venue(host);
        }

        if (venue.Guards is { } guards)
        {
            var guarded = account.Venue($"{GuardedRoute}.{venue.Route}.test");
            guarded["Policy"] = new JsonObject
            {
                ["Symbols"] = new JsonArray(guards.Symbol),
                ["MaxOrderNotional"] = 1000,
                ["AllowedOrderTypes"] = new JsonArray("limit"),
            };
            venues[GuardedRoute] = guarded;
        }

        try
        {
            return new ProxyRun(account, await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, venues)));
        }
        catch
        {
            await account.DisposeAsync();
            throw;
        }
    }

    /// <summary>The sidecar goes first, then the exchange it forwards to.</summary>
    public async ValueTask DisposeAsync()
    {
        await Sidecar.DisposeAsync();
        await Account.DisposeAsync();
    }
}
