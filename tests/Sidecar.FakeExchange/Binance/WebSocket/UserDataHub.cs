using System.Collections.Concurrent;
using Sidecar.FakeExchange.Accounts;
using Sidecar.FakeExchange.Orders;
using Sidecar.FakeExchange.Routes;

namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>
/// Delivers the account's user data to whoever listens: spot WebSocket API connections with an active subscription
/// (events wrapped with their subscriptionId) and USDⓈ-M user data streams (<c>/private/ws?listenKey=…</c>, events
/// bare). Every order placed, canceled or amended on the account, over REST or WebSocket, becomes an event.
/// </summary>
internal sealed class UserDataHub
{
    private readonly ExchangeState _state;
    private readonly TimeSpan _snapshotDelay;
    private readonly ConcurrentDictionary<WsSession, byte> _spot = new();
    private readonly ConcurrentDictionary<WsOutbox, byte> _futures = new();
    private long _executionId;

    public UserDataHub(ExchangeState state, TimeSpan snapshotDelay)
    {
        _state = state;
        _snapshotDelay = snapshotDelay;
        state.Orders.Changed += OnOrderChanged;
    }

    public void AddSpot(WsSession session) => _spot.TryAdd(session, 0);

    public void RemoveSpot(WsSession session) => _spot.TryRemove(session, out _);

    /// <summary>
    /// Pushes the balances as an <c>outboundAccountPosition</c>, a short while after a subscription starts. Binance sends
    /// one only when balances change; the fake sends one up front so a client's watchBalance has something to resolve
    /// on. The delay keeps it out of the TCP read that carries the subscribe answer: ccxt 4.5.84 (WsClient.deliverLoop)
    /// handles every frame of one read before its caller gets to arm the balance watcher, and would drop it.
    /// </summary>
    public async Task PushSpotSnapshotAsync(WsSession session)
    {
        await Task.Delay(_snapshotDelay);
        if (session.SubscriptionId is { } subscriptionId)
        {
            session.Outbox.Send(WsJson.Event(subscriptionId, SpotPosition()));
        }
    }

    /// <summary>Starts feeding a USDⓈ-M user data stream, and pushes the wallet as an <c>ACCOUNT_UPDATE</c> a short while
    /// after it connects (Binance sends none until something changes; see <see cref="PushSpotSnapshotAsync"/>).</summary>
    public async Task AddFuturesAsync(WsOutbox outbox)
    {
        _futures.TryAdd(outbox, 0);
        await Task.Delay(_snapshotDelay);
        if (_futures.ContainsKey(outbox))
        {
            outbox.Send(WsJson.Bare(UserDataEvents.FuturesAccountUpdate(_state.Clock.NowMilliseconds)));
        }
    }

    public void RemoveFutures(WsOutbox outbox) => _futures.TryRemove(outbox, out _);

    private void OnOrderChanged(StoredOrder order, OrderChange change)
    {
        var now = _state.Clock.NowMilliseconds;
        if (order.Product == Product.UsdM)
        {
            var frame = WsJson.Bare(UserDataEvents.OrderTradeUpdate(order, change, now));
            foreach (var outbox in _futures.Keys)
            {
                outbox.Send(frame);
            }

            return;
        }

        if (_spot.IsEmpty)
        {
            return;
        }

        var report = UserDataEvents.ExecutionReport(order, change, Interlocked.Increment(ref _executionId), now);
        var position = SpotPosition();
        foreach (var session in _spot.Keys)
        {
            if (session.SubscriptionId is { } subscriptionId)
            {
                // An order locks or releases funds, so the balances changed too (outboundAccountPosition follows).
                session.Outbox.Send(WsJson.Event(subscriptionId, report));
                session.Outbox.Send(WsJson.Event(subscriptionId, position));
            }
        }
    }

    private System.Text.Json.Nodes.JsonObject SpotPosition() =>
        UserDataEvents.AccountPosition(SpotWallet.Balances(_state.Orders.Open(Product.Spot, null)), _state.Clock.NowMilliseconds);
}
