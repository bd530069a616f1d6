namespace Sidecar.Telemetry;

/// <summary>The <c>Keys</c> section's defaults and accepted ranges, and why.</summary>
internal static class KeysOptionsDefaults
{
    /// <summary>90 days: a quarterly rotation (<c>sidecar keys rotate</c>) bounds how long a leaked key stays useful.</summary>
    public const int MaxAgeDays = 90;

    public const int MinMaxAgeDays = 1;

    public const int MaxMaxAgeDays = 3650;

    /// <summary>
    /// Off: an old key is reported (readiness "keys", metrics, logs, alerts) but keeps signing — taking a trading
    /// bot offline because a date passed is the operator's call, made by turning Keys:EnforceMaxAge on.
    /// </summary>
    public const bool EnforceMaxAge = false;
}
