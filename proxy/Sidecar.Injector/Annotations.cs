namespace Sidecar.Injector;

/// <summary>
/// The pod annotations the injector reads (and the one it writes). Every key under <see cref="Prefix"/> must be one
/// of <see cref="Known"/>: an unknown key is refused, so a typo never silently falls back to a default, and the
/// keys in <see cref="Weakening"/> are refused with the reason they would weaken the sidecar.
/// </summary>
internal static class Annotations
{
    public const string Prefix = "sidecar.signing/";

    /// <summary><c>"true"</c> asks for injection. The webhook's objectSelector also needs the label of the same name.</summary>
    public const string Inject = Prefix + "inject";

    /// <summary>Written by the injector (<c>injected</c>); a pod carrying it is validated and left alone.</summary>
    public const string Status = Prefix + "status";

    /// <summary>Name of the ConfigMap that holds <c>sidecar.json</c> (mounted at /etc/sidecar).</summary>
    public const string Config = Prefix + "config";

    /// <summary>Name of the Secret holding the HSM user PIN under the key <c>pin</c>; mounted into the sidecar only.</summary>
    public const string PinSecret = Prefix + "pin-secret";

    /// <summary><c>softhsm</c>, <c>isolated</c> (SoftHSM2 behind p11-kit server in its own container) or <c>vendor</c>.</summary>
    public const string HsmMode = Prefix + "hsm-mode";

    /// <summary>Vendor mode only: absolute path of the vendor's PKCS#11 module inside the image.</summary>
    public const string HsmModule = Prefix + "hsm-module";

    /// <summary>Isolated mode only: the label of the token p11-kit serves (default <c>sidecar</c>).</summary>
    public const string HsmToken = Prefix + "hsm-token";

    /// <summary>SoftHSM modes: the Secret holding <c>token.tar</c> (default <c>sidecar-softhsm-token</c>).</summary>
    public const string TokenSecret = Prefix + "softhsm-token-secret";

    /// <summary>The venue the bot's base URL points at: <c>http://127.0.0.1:8080/{venue}</c>.</summary>
    public const string Venue = Prefix + "venue";

    /// <summary>The bot's environment variable that receives the base URL (default <c>EXCHANGE_BASE_URL</c>).</summary>
    public const string EnvVar = Prefix + "env-var";

    /// <summary>The Sidecar image; only repositories on the injector's allow-list are accepted.</summary>
    public const string Image = Prefix + "image";

    /// <summary>Containers that may mount the PIN. Only <c>sidecar</c> is accepted; naming any other is refused.</summary>
    public const string PinMountContainers = Prefix + "pin-mount-containers";

    public const string InjectedValue = "injected";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        Inject, Status, Config, PinSecret, HsmMode, HsmModule, HsmToken, TokenSecret, Venue, EnvVar, Image, PinMountContainers,
    };

    /// <summary>Keys that could only weaken the sidecar, and why each is refused whatever its value.</summary>
    public static readonly IReadOnlyDictionary<string, string> Weakening = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Prefix + "privileged"] = "a privileged sidecar could be entered by anything that escapes the bot, and is never needed",
        [Prefix + "allow-privilege-escalation"] = "the sidecar always runs with allowPrivilegeEscalation: false",
        [Prefix + "run-as-root"] = "the sidecar always runs as a non-root user",
        [Prefix + "run-as-user"] = "the sidecar's user is set by the injector's configuration, not by the pod",
        [Prefix + "capabilities"] = "the sidecar drops ALL capabilities and adds none",
        [Prefix + "read-only-root-filesystem"] = "the sidecar's root filesystem is always read-only",
        [Prefix + "seccomp-profile"] = "the sidecar always runs with the RuntimeDefault seccomp profile",
        [Prefix + "share-process-namespace"] = "a shared process namespace lets the bot read the sidecar's memory through /proc",
        [Prefix + "automount-service-account-token"] = "a service-account token in the pod could read the PIN Secret through the API",
        [Prefix + "enable-diagnostics"] = "the .NET diagnostics channel (memory dumps, tracing) stays off in the sidecar (DOTNET_EnableDiagnostics=0)",
        [Prefix + "listen"] = "the proxy listens on 127.0.0.1:8080 only; anyone who can connect to it can use the keys",
        [Prefix + "hardening"] = "the sidecar's hardening cannot be turned off",
        [Prefix + "probes"] = "the sidecar's probes cannot be turned off",
        [Prefix + "resources"] = "the sidecar's requests and limits come from the injector's configuration",
    };
}
