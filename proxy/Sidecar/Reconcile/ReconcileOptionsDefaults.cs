namespace Sidecar.Reconcile;

/// <summary>The <c>Venues:{name}:Reconcile</c> section's defaults and accepted ranges, and why.</summary>
internal static class ReconcileOptionsDefaults
{
    /// <summary>
    /// A minute: an order Sidecar did not sign is reported within two polls (the second sighting, so an order whose
    /// answer is still on its way is never reported), and Binance's poll (80 + 20 per symbol weight) is a few percent
    /// of its 6,000 per minute.
    /// </summary>
    public const int IntervalSeconds = 60;

    /// <summary>0 turns reconciliation off.</summary>
    public const int Off = 0;

    /// <summary>Below 5 s a poll would cost more weight than it is worth and could overlap the one before.</summary>
    public const int MinIntervalSeconds = 5;

    public const int MaxIntervalSeconds = 86_400;

    public const string ClientOrderIdPrefix = "sc-";

    /// <summary>Binance takes 36 characters: the prefix leaves at least 20 for the random part.</summary>
    public const int MaxPrefixLength = 16;
}
