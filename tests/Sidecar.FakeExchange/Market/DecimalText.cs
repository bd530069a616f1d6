namespace Sidecar.FakeExchange.Market;

/// <summary>Decimal strings the way Binance writes them in JSON.</summary>
internal static class DecimalText
{
    /// <summary>Fixed number of decimals, e.g. 8 for spot amounts: "0.00100000".</summary>
    public static string Fixed(decimal value, int decimals) =>
        value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Spot's usual 8 decimals.</summary>
    public static string Spot(decimal value) => Fixed(value, 8);

    /// <summary>No trailing zeros, e.g. "0.001" or "5".</summary>
    public static string Plain(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
