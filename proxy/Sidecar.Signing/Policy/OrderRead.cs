namespace Sidecar.Signing.Policy;

/// <summary>The result of reading a request for orders.</summary>
public sealed class OrderRead
{
    private OrderRead(IReadOnlyList<OrderFields> orders, string? unreadableReason)
    {
        Orders = orders;
        UnreadableReason = unreadableReason;
    }

    /// <summary>The request places no order.</summary>
    public static OrderRead None { get; } = new([], null);

    /// <summary>The orders placed (one for a single order, several for a batch).</summary>
    public IReadOnlyList<OrderFields> Orders { get; }

    /// <summary>Set when the request places orders that cannot be inspected; guards refuse such requests.</summary>
    public string? UnreadableReason { get; }

    public bool PlacesOrders => Orders.Count > 0 || UnreadableReason is not null;

    public static OrderRead Of(params OrderFields[] orders) => new(orders, null);

    public static OrderRead Unreadable(string reason) => new([], reason);
}
