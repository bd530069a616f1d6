using Sidecar.FakeExchange.Binance;

namespace Sidecar.FakeExchange.Orders;

/// <summary>What happened to an order: what a user data stream reports (execution types NEW/TRADE/EXPIRED, CANCELED,
/// AMENDMENT).</summary>
internal enum OrderChange
{
    Placed,
    Canceled,
    Amended,
}

/// <summary>
/// The in-memory order book of the fake's one account, per product: new → open orders → cancel stay consistent.
/// Thread-safe; placing runs its pre-checks (duplicates, limits, balance) and the insert under one lock.
/// Every change is announced on <see cref="Changed"/> (after the lock is released), whichever API made it, so
/// WebSocket user data streams see orders placed over REST and the other way round.
/// </summary>
internal sealed class OrderStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Product, List<StoredOrder>> _orders = new()
    {
        [Product.Spot] = [],
        [Product.UsdM] = [],
    };

    private readonly Dictionary<Product, long> _nextOrderId = new()
    {
        [Product.Spot] = 1,
        [Product.UsdM] = 1,
    };

    /// <summary>Raised after an order was placed, canceled or amended, outside the store's lock.</summary>
    public event Action<StoredOrder, OrderChange>? Changed;

    /// <summary>
    /// Places an order: <paramref name="precheck"/> sees the product's open orders and may refuse; otherwise
    /// <paramref name="create"/> builds the order with the next id and it is stored.
    /// </summary>
    public (StoredOrder? Order, BinanceError? Error) TryPlace(
        Product product,
        Func<IReadOnlyList<StoredOrder>, BinanceError?> precheck,
        Func<long, StoredOrder> create)
    {
        StoredOrder order;
        lock (_gate)
        {
            var open = _orders[product].Where(o => o.IsOpen).ToList();
            if (precheck(open) is { } error)
            {
                return (null, error);
            }

            order = create(_nextOrderId[product]++);
            _orders[product].Add(order);
        }

        Changed?.Invoke(order, OrderChange.Placed);
        return (order, null);
    }

    /// <summary>The order on <paramref name="symbol"/> with this id and/or client id (both must match when both are given).</summary>
    public StoredOrder? Find(Product product, string symbol, long? orderId, string? clientOrderId)
    {
        lock (_gate)
        {
            return FindLocked(product, symbol, orderId, clientOrderId);
        }
    }

    /// <summary>Cancels an open order; null when there is no such open order.</summary>
    public StoredOrder? Cancel(Product product, string symbol, long? orderId, string? clientOrderId, long now)
    {
        StoredOrder canceled;
        lock (_gate)
        {
            var order = FindLocked(product, symbol, orderId, clientOrderId);
            if (order is null || !order.IsOpen)
            {
                return null;
            }

            canceled = order with { Status = "CANCELED", UpdateTime = now };
            var list = _orders[product];
            list[list.IndexOf(order)] = canceled;
        }

        Changed?.Invoke(canceled, OrderChange.Canceled);
        return canceled;
    }

    /// <summary>
    /// Amends an open order: <paramref name="amend"/> sees it and the product's other open orders, and answers the
    /// new order or an error. -2013 when there is no such open order.
    /// </summary>
    public (StoredOrder? Order, BinanceError? Error) Amend(
        Product product,
        string symbol,
        long? orderId,
        string? clientOrderId,
        Func<StoredOrder, IReadOnlyList<StoredOrder>, (StoredOrder? Order, BinanceError? Error)> amend)
    {
        StoredOrder amended;
        lock (_gate)
        {
            var order = FindLocked(product, symbol, orderId, clientOrderId);
            if (order is null || !order.IsOpen)
            {
                return (null, BinanceErrors.OrderDoesNotExist);
            }

            var list = _orders[product];
            var (changed, error) = amend(order, list.Where(o => o.IsOpen && o != order).ToList());
            if (changed is null)
            {
                return (null, error);
            }

            amended = changed;
            list[list.IndexOf(order)] = amended;
        }

        Changed?.Invoke(amended, OrderChange.Amended);
        return (amended, null);
    }

    public IReadOnlyList<StoredOrder> Open(Product product, string? symbol)
    {
        lock (_gate)
        {
            return _orders[product].Where(o => o.IsOpen && (symbol is null || o.Symbol == symbol)).ToList();
        }
    }

    public IReadOnlyList<StoredOrder> All(Product product, string symbol)
    {
        lock (_gate)
        {
            return _orders[product].Where(o => o.Symbol == symbol).ToList();
        }
    }

    private StoredOrder? FindLocked(Product product, string symbol, long? orderId, string? clientOrderId) =>
        _orders[product].LastOrDefault(o =>
            o.Symbol == symbol &&
            (orderId is null || o.OrderId == orderId) &&
            (clientOrderId is null || o.ClientOrderId == clientOrderId));
}
