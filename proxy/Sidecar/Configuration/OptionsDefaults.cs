namespace Sidecar.Configuration;

/// <summary>Defaults, and where each comes from.</summary>
public static class OptionsDefaults
{
    /// <summary>The address bots are told to use (README, k8s manifests): loopback only.</summary>
    public const string Listen = "http://127.0.0.1:8080";

    /// <summary>Envoy's admin port convention; loopback unless a pod's probes need it on the pod IP.</summary>
    public const string Admin = "http://127.0.0.1:9901";

    /// <summary>
    /// Enough for every session of a 2-core node signing at once with headroom; SoftHSM2 handles far more, but
    /// each session costs memory on real HSMs, which limit sessions per partition.
    /// </summary>
    public const int HsmSessions = 8;

    /// <summary>A sign takes 6–200 µs; waiting 2 s for a session means the HSM is stuck, so fail with 503.</summary>
    public const int HsmSessionWaitMs = 2000;

    /// <summary>
    /// 1 s. A sign takes 6–200 µs on SoftHSM2 and 1–20 ms on network HSMs (CloudHSM, Luna), so 1 s is far above
    /// any healthy sign. It is well inside Binance's default recvWindow (5 s) and ccxt's request time-out (10 s),
    /// so a bot gets the 503 while it can still retry, and it leaves the standby HSM time to take over within the
    /// 5 s recovery budget.
    /// </summary>
    public const int HsmSignTimeoutMs = 1000;

    /// <summary>The name of the <c>Hsm</c> section among <c>Hsms</c> entries (audit records, metrics, readiness).</summary>
    public const string DefaultHsmName = "default";

    /// <summary>64 KiB: the largest exchange request (a Binance batch of 5 orders, a Bybit batch of 20) is a few KiB.</summary>
    public const int MaxRequestBodyBytes = 64 * 1024;

    /// <summary>10 s: Binance's own matching-engine timeout answer (-1007) comes well within it.</summary>
    public const int UpstreamTimeoutMs = 10_000;

    public const string PinEnvironmentVariable = "SIDECAR_HSM_PIN";

    public const string EnvironmentPrefix = "SIDECAR_";
}
