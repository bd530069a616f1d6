namespace Sidecar.Reconcile;

/// <summary>Config <c>Venues:{name}:Reconcile</c>: how often the venue's orders at the exchange are compared with those Sidecar signed.</summary>
internal sealed class ReconcileOptions
{
    /// <summary>Seconds between two polls of the exchange's order history; 0 turns reconciliation off.</summary>
    public int IntervalSeconds { get; set; } = ReconcileOptionsDefaults.IntervalSeconds;

    /// <summary>
    /// The start of the client order id Sidecar adds to an order the bot sent without one (where the exchange takes
    /// one in a form: Binance's <c>newClientOrderId</c>), so the order is recognised even when its answer is lost.
    /// </summary>
    public string ClientOrderIdPrefix { get; set; } = ReconcileOptionsDefaults.ClientOrderIdPrefix;
}
