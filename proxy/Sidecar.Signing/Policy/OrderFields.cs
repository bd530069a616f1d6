namespace Sidecar.Signing.Policy;

/// <summary>
/// The order a request places, read from the exact bytes that will be signed. Raw values (still percent-encoded
/// where the request encodes them); numbers parsed invariantly. Null fields were not in the request.
/// </summary>
public sealed record OrderFields
{
    public string? Symbol { get; init; }

    public string? Side { get; init; }

    public string? Type { get; init; }

    public decimal? Quantity { get; init; }

    public decimal? Price { get; init; }

    public string? ClientOrderId { get; init; }

    /// <summary>Price × quantity when both are present (quote-currency notional).</summary>
    public decimal? Notional => Price is { } p && Quantity is { } q ? p * q : null;
}
