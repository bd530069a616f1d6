using Sidecar.Signing.Policy;
using Sidecar.Signing.Reconcile;

namespace Sidecar.Reconcile;

/// <summary>
/// The orders Sidecar signed for a venue (and the venues that share its rate limits: one account), as the
/// reconciler matches the exchange's orders against them: their client order ids (the bot's, or the one Sidecar
/// added), recorded when the order is signed, and their exchange order ids, read from the answers Sidecar forwarded;
/// and the symbols orders were signed for since the last poll, whose history the next poll reads. Ids are kept
/// <see cref="Retention"/>, well past any poll that could still list the order as new. Thread-safe.
/// </summary>
internal sealed class OrderLedger(TimeProvider clock)
{
    /// <summary>Two days: an order is judged in the two polls after it appears (at most two intervals of 24 h).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(2);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _clientOrderIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _orderIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _symbols = new(StringComparer.Ordinal);

    /// <summary>Ids recorded and still kept (client and exchange ids).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _clientOrderIds.Count + _orderIds.Count;
            }
        }
    }

    /// <summary>Records the orders of a request Sidecar is about to sign.</summary>
    public void RecordSigned(OrderRead orders)
    {
        if (orders.Orders.Count == 0)
        {
            return;
        }

        var now = clock.GetTimestamp();
        lock (_gate)
        {
            foreach (var order in orders.Orders)
            {
                if (order.ClientOrderId is { Length: > 0 } clientOrderId)
                {
                    _clientOrderIds[Uri.UnescapeDataString(clientOrderId)] = now;
                }

                if (order.Symbol is { Length: > 0 } symbol)
                {
                    _symbols.Add(Uri.UnescapeDataString(symbol));
                }
            }
        }
    }

    /// <summary>Records the orders an answer Sidecar forwarded names (their exchange order ids).</summary>
    public void RecordPlaced(IReadOnlyList<ExchangeOrder> orders)
    {
        var now = clock.GetTimestamp();
        lock (_gate)
        {
            foreach (var order in orders)
            {
                _orderIds[order.OrderId] = now;
                if (order.ClientOrderId is { } clientOrderId)
                {
                    _clientOrderIds[clientOrderId] = now;
                }
            }
        }
    }

    /// <summary>Whether Sidecar signed <paramref name="order"/>: its client order id or its exchange order id was recorded.</summary>
    public bool Knows(ExchangeOrder order)
    {
        lock (_gate)
        {
            return _orderIds.ContainsKey(order.OrderId) || (order.ClientOrderId is { } clientOrderId && _clientOrderIds.ContainsKey(clientOrderId));
        }
    }

    /// <summary>The symbols orders were signed for since the last call, for the next poll; and forgets ids past <see cref="Retention"/>.</summary>
    public List<string> TakeSymbols()
    {
        var now = clock.GetTimestamp();
        lock (_gate)
        {
            var symbols = new List<string>(_symbols);
            _symbols.Clear();
            Forget(_clientOrderIds, now);
            Forget(_orderIds, now);
            return symbols;
        }
    }

    /// <summary>Gives symbols back after a poll that did not read them (the exchange failed, the venue was held).</summary>
    public void ReturnSymbols(IEnumerable<string> symbols)
    {
        lock (_gate)
        {
            _symbols.UnionWith(symbols);
        }
    }

    private void Forget(Dictionary<string, long> ids, long now)
    {
        List<string>? old = null;
        foreach (var (id, recorded) in ids)
        {
            if (clock.GetElapsedTime(recorded, now) > Retention)
            {
                (old ??= []).Add(id);
            }
        }

        foreach (var id in old ?? [])
        {
            ids.Remove(id);
        }
    }
}
