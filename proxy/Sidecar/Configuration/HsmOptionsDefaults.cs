namespace Sidecar.Configuration;

/// <summary>The <c>Hsm</c> section's defaults and accepted ranges, and where each comes from.</summary>
internal static class HsmOptionsDefaults
{
    /// <summary>
    /// Enough for every session of a 2-core node signing at once with headroom; SoftHSM2 handles far more, but
    /// each session costs memory on real HSMs, which limit sessions per partition.
    /// </summary>
    public const int Sessions = 8;

    public const int MinSessions = 1;

    public const int MaxSessions = 256;

    /// <summary>A sign takes 6–200 µs; waiting 2 s for a session means the HSM is stuck, so fail with 503.</summary>
    public const int SessionWaitMs = 2000;

    public const int MinSessionWaitMs = 1;

    public const int MaxSessionWaitMs = 60_000;

    /// <summary>
    /// On: SoftHSM2 re-reads a token object on every sign (≈31–37 µs, against ≈6–11 µs for a session object). The
    /// copy is made inside the HSM by C_CopyObject and stays sensitive and non-extractable; if the HSM refuses it,
    /// Sidecar signs with the token object.
    /// </summary>
    public const bool SessionKeyCopies = true;

    /// <summary>
    /// 1 s. A sign takes 6–200 µs on SoftHSM2 and 1–20 ms on network HSMs (CloudHSM, Luna), so 1 s is far above
    /// any healthy sign. It is well inside Binance's default recvWindow (5 s) and ccxt's request time-out (10 s),
    /// so a bot gets the 503 while it can still retry, and it leaves the standby HSM time to take over within the
    /// 5 s recovery budget.
    /// </summary>
    public const int SignTimeoutMs = 1000;

    public const int MinSignTimeoutMs = 50;

    public const int MaxSignTimeoutMs = 60_000;

    /// <summary>PKCS#11 stores a token label in a fixed 32-byte field (CK_TOKEN_INFO.label); a longer one can never match.</summary>
    public const int MaxTokenLabelBytes = 32;

    /// <summary>The name of the <c>Hsm</c> section among <c>Hsms</c> entries (audit records, metrics, readiness).</summary>
    public const string DefaultHsmName = "default";

    /// <summary>A standby's name is its section's name with this suffix (audit records, metrics, <c>keys --hsm</c>).</summary>
    public const string StandbyNameSuffix = ".standby";
}
