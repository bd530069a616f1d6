namespace Sidecar.FakeExchange.Orders;

/// <summary>
/// The in-memory order book of the fake's one account, per product: new → open orders → cancel stay consistent.
/// Thread-safe; placing runs its pre-checks (duplicates, limits, balance) and the insert under one lock.
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

    /// <summary>
    /// Places an order: <paramref name="precheck"/> sees the product's open orders and may refuse; otherwise
    /// <paramref name="create"/> builds the order with the next id and it is stored.
    /// </summary>
    public (StoredOrder? Order, BinanceError? Error) TryPlace(
        Product product,
        Func<IReadOnlyList<StoredOrder>, BinanceError?> precheck,
        Func<long, StoredOrder> create)
    {
        lock (_gate)
        {
            var open = _orders[product].Where(o => o.IsOpen).ToList();
            if (precheck(open) is { } error)
            {
                return (null, error);
            }

            var order = create(_nextOrderId[product]++);
            _orders[product].Add(order);
            return (order, null);
        }
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
        lock (_gate)
        {
            var order = FindLocked(product, symbol, orderId, clientOrderId);
            if (order is null || !order.IsOpen)
            {
                return null;
            }

            var canceled = order with { Status = "CANCELED", UpdateTime = now };
            var list = _orders[product];
            list[list.IndexOf(order)] = canceled;
            return canceled;
        }
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
