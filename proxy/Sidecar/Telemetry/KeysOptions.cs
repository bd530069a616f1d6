namespace Sidecar.Telemetry;

/// <summary>Config <c>Keys</c>: key hygiene, reported through readiness, metrics, logs and alerts.</summary>
internal sealed class KeysOptions
{
    /// <summary>Keys older than this are reported at start-up, in metrics, readiness and alerts.</summary>
    public int MaxAgeDays { get; set; } = KeysOptionsDefaults.MaxAgeDays;

    /// <summary>A key older than <see cref="MaxAgeDays"/> makes /readyz answer 503 (off: it is only reported).</summary>
    public bool EnforceMaxAge { get; set; } = KeysOptionsDefaults.EnforceMaxAge;
}
