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

    /// <summary>64 KiB: the largest exchange request (a Binance batch of 5 orders, a Bybit batch of 20) is a few KiB.</summary>
    public const int MaxRequestBodyBytes = 64 * 1024;

    /// <summary>10 s: Binance's own matching-engine timeout answer (-1007) comes well within it.</summary>
    public const int UpstreamTimeoutMs = 10_000;

    /// <summary>Off: a key that can withdraw or works from any IP is reported, not refused, until the operator opts in.</summary>
    public const bool PostureStrict = false;

    /// <summary>On: the checklist costs one signed read per venue at start-up and reports through logs, metrics, /readyz.</summary>
    public const bool PostureCheckAtStartup = true;

    /// <summary>On: a core file or same-user ptrace of Sidecar would expose the PIN and passphrases.</summary>
    public const bool PostureHardenProcess = true;

    public const string PinEnvironmentVariable = "SIDECAR_HSM_PIN";

    public const string EnvironmentPrefix = "SIDECAR_";
}
