using Sidecar.FakeExchange.Accounts;
using Sidecar.FakeExchange.Orders;
using Sidecar.FakeExchange.Security;

namespace Sidecar.FakeExchange.Routes;

/// <summary>What the routes share: the server clock, the order store and the listen keys of the fake's one account.</summary>
internal sealed class ExchangeState(ServerClock clock)
{
    public ServerClock Clock { get; } = clock;

    public OrderStore Orders { get; } = new();

    public ListenKeyStore ListenKeys { get; } = new();

    public Common.FakeKeyPermissions KeyPermissions { get; init; } = new();

    /// <summary>The IP weight limits and order counts; exchangeInfo publishes the limits.</summary>
    public required Binance.Limits.FakeBinanceLimits Limits { get; init; }
}
