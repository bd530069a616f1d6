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

    /// <summary>
    /// 15 s: on SIGTERM, requests in flight get up to this long to finish. Above the upstream timeout, so a request
    /// already signed always ends with the exchange's answer or a 504, never a cut connection; Kubernetes'
    /// terminationGracePeriodSeconds (k8s/base/deployment.yaml) leaves room for it.
    /// </summary>
    public const int ShutdownTimeoutMs = 15_000;

    /// <summary>
    /// 64 KiB: a bot's largest frame is an order batch of a few KiB (Binance's order lists, OKX's 20-order
    /// batch-orders); OKX itself caps a subscribe at 64 KB.
    /// </summary>
    public const int MaxWebSocketMessageBytes = 64 * 1024;

    /// <summary>64: a bot opens a handful of streams (user data, orders, a few markets); ccxt opens one per URL.</summary>
    public const int MaxWebSocketConnections = 64;

    /// <summary>
    /// 1 MiB per connection: a healthy bot reads exchange frames as they come (a few KiB a second); a megabyte behind
    /// means it stopped reading, and holding more would only grow the sidecar's memory.
    /// </summary>
    public const int MaxWebSocketBufferBytes = 1024 * 1024;

    /// <summary>
    /// 1 s. Sidecar corrects the timestamps it signs, but a bot's own timestamps (kept unless <c>Clock:Restamp</c>)
    /// and venues on the local clock (Bitfinex, BitMEX) are only as right as the host's clock, and they must land
    /// within the exchange's window: 5 s by default at Binance, Bybit and KuCoin (recvWindow), and requests also
    /// spend network and queueing time in it. A host kept by NTP is within tens of milliseconds, so an offset over
    /// 1 s means its time synchronisation is broken, while a fifth of the tightest window remains for the network.
    /// </summary>
    public const int ClockMaxSkewMs = 1000;

    /// <summary>
    /// 60 s: a free-running quartz clock drifts at most ~100 ppm (6 ms a minute), far inside any window, while a
    /// clock stepped by NTP or a VM resume is noticed within a minute. Four unweighted public requests per venue a
    /// minute are negligible against exchange limits (Binance: weight 1 of 6000 a minute).
    /// </summary>
    public const int ClockSyncIntervalSeconds = 60;

    /// <summary>
    /// 600 s (ten sync intervals): long enough to ride out an exchange's time endpoint being down for a few minutes;
    /// short enough that an offset is not applied after the host's own clock may have been corrected (which would
    /// then count the correction twice).
    /// </summary>
    public const int ClockMaxOffsetAgeSeconds = 600;

    /// <summary>
    /// Off: an old key is reported (readiness "keys", metrics, logs, alerts) but keeps signing — taking a trading
    /// bot offline because a date passed is the operator's call, made by turning Keys:EnforceMaxAge on.
    /// </summary>
    public const bool EnforceKeyMaxAge = false;

    /// <summary>Off: a key that can withdraw or works from any IP is reported, not refused, until the operator opts in.</summary>
    public const bool PostureStrict = false;

    /// <summary>On: the checklist costs one signed read per venue at start-up and reports through logs, metrics, /readyz.</summary>
    public const bool PostureCheckAtStartup = true;

    /// <summary>On: a core file or same-user ptrace of Sidecar would expose the PIN and passphrases.</summary>
    public const bool PostureHardenProcess = true;

    public const string PinEnvironmentVariable = "SIDECAR_HSM_PIN";

    public const string EnvironmentPrefix = "SIDECAR_";
}
