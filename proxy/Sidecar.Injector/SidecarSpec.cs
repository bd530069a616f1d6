using k8s.Models;

namespace Sidecar.Injector;

/// <summary>
/// The containers and volumes the injector adds: names, paths, ports and the hardening. They follow the example
/// Deployment in k8s/base and its overlays (same paths, UID, probes, Secret keys). The kustomize component in
/// k8s/components/sidecar carries the same sidecar and volumes, and a test holds the two equal.
/// </summary>
internal static class SidecarSpec
{
    public const string SidecarContainer = "sidecar";

    /// <summary>Isolated mode: the native sidecar running <c>p11-kit server</c> over SoftHSM2.</summary>
    public const string SoftHsmContainer = "sidecar-softhsm";

    /// <summary>SoftHSM modes: the plain init container that unpacks the token archive from its Secret.</summary>
    public const string TokenUnpackContainer = "sidecar-softhsm-token";

    public const string ConfigVolume = "sidecar-config";
    public const string PinVolume = "sidecar-hsm-pin";
    public const string StateVolume = "sidecar-state";
    public const string AuditVolume = "sidecar-audit";
    public const string TmpVolume = "sidecar-tmp";
    public const string TokenArchiveVolume = "sidecar-softhsm-token";
    public const string TokensVolume = "sidecar-softhsm-tokens";
    public const string SocketVolume = "sidecar-p11-kit";

    public const string ConfigDirectory = "/etc/sidecar";
    public const string ConfigFile = "/etc/sidecar/sidecar.json";
    public const string SoftHsmConfigFile = "/etc/sidecar/softhsm2.conf";
    public const string PinDirectory = "/run/secrets/hsm";
    public const string PinFile = "/run/secrets/hsm/pin";
    public const string PinSecretKey = "pin";
    public const string StateDirectory = "/var/lib/sidecar";
    public const string AuditDirectory = "/var/log/sidecar";
    public const string TokenArchiveDirectory = "/run/softhsm-token";
    public const string TokenArchiveKey = "token.tar";
    public const string SoftHsmDirectory = "/var/lib/softhsm";
    public const string SocketDirectory = "/run/p11-kit";
    public const string SocketPath = "/run/p11-kit/pkcs11";

    public const int ProxyPort = 8080;
    public const int AdminPort = 9901;
    public const string AdminPortName = "sidecar-admin";
    public const string ProxyListen = "http://127.0.0.1:8080";

    /// <summary>kubelet probes the pod IP, so the admin listener (health and readiness only, never proxies) binds all.</summary>
    public const string AdminListen = "http://0.0.0.0:9901";

    /// <summary>The image's ENTRYPOINT (proxy/Sidecar/Dockerfile), spelled out so the config path is visible.</summary>
    public static readonly IReadOnlyList<string> Command = ["/app/sidecar", "run", "--config", ConfigFile];

    /// <summary>Every name the injector adds; a pod that already uses one (and is not marked injected) is refused.</summary>
    public static readonly IReadOnlyList<string> ContainerNames = [SidecarContainer, SoftHsmContainer, TokenUnpackContainer];

    public static readonly IReadOnlyList<string> VolumeNames =
        [ConfigVolume, PinVolume, StateVolume, AuditVolume, TmpVolume, TokenArchiveVolume, TokensVolume, SocketVolume];

    /// <summary>The base URL a bot is given: the proxy listener, then the venue's path prefix.</summary>
    public static string BaseUrl(string? venue) => venue is null ? ProxyListen + "/" : $"{ProxyListen}/{venue}";

    /// <summary>
    /// The init containers, in start order: the token unpacker (runs to completion), the p11-kit server (isolated),
    /// then Sidecar. Kubernetes starts each native sidecar only after the previous one's startup probe passed.
    /// </summary>
    public static IReadOnlyList<V1Container> InitContainers(InjectionPlan plan, InjectorOptions options) => plan.Mode switch
    {
        HsmMode.SoftHsm => [TokenUnpacker(plan.Image, options), Sidecar(plan, options)],
        HsmMode.Isolated => [TokenUnpacker(options.SoftHsmImage, options), SoftHsmServer(plan, options), Sidecar(plan, options)],
        _ => [Sidecar(plan, options)],
    };

    public static V1Container Sidecar(InjectionPlan plan, InjectorOptions options)
    {
        var env = new List<V1EnvVar>
        {
            // No debugger, profiler or EventPipe IPC channel into the process that holds the API keys.
            new() { Name = "DOTNET_EnableDiagnostics", Value = "0" },
            // Environment variables override sidecar.json: whatever the ConfigMap says, the proxy stays on loopback.
            new() { Name = "SIDECAR_Listen", Value = ProxyListen },
            new() { Name = "SIDECAR_Admin", Value = AdminListen },
            new() { Name = "SIDECAR_Hsm__PinFile", Value = PinFile },
        };
        var mounts = new List<V1VolumeMount>
        {
            new() { Name = ConfigVolume, MountPath = ConfigDirectory, ReadOnlyProperty = true },
            new() { Name = PinVolume, MountPath = PinDirectory, ReadOnlyProperty = true },
            new() { Name = StateVolume, MountPath = StateDirectory },
            new() { Name = AuditVolume, MountPath = AuditDirectory },
            new() { Name = TmpVolume, MountPath = "/tmp" },
        };
        switch (plan.Mode)
        {
            case HsmMode.SoftHsm:
                env.Add(new V1EnvVar { Name = "SIDECAR_Hsm__Module", Value = options.SoftHsmModule });
                env.Add(new V1EnvVar { Name = "SOFTHSM2_CONF", Value = SoftHsmConfigFile });
                mounts.Add(new V1VolumeMount { Name = TokensVolume, MountPath = SoftHsmDirectory });
                break;
            case HsmMode.Isolated:
                env.Add(new V1EnvVar { Name = "SIDECAR_Hsm__Module", Value = options.P11KitClientModule });
                env.Add(new V1EnvVar { Name = "SIDECAR_Hsm__Token", Value = plan.HsmToken });
                env.Add(new V1EnvVar { Name = "P11_KIT_SERVER_ADDRESS", Value = "unix:path=" + SocketPath });
                // connect(2) on a socket works through a read-only mount.
                mounts.Add(new V1VolumeMount { Name = SocketVolume, MountPath = SocketDirectory, ReadOnlyProperty = true });
                break;
            case HsmMode.Vendor when plan.HsmModule is not null:
                env.Add(new V1EnvVar { Name = "SIDECAR_Hsm__Module", Value = plan.HsmModule });
                break;
        }

        return new V1Container
        {
            Name = SidecarContainer,
            Image = plan.Image,
            ImagePullPolicy = "IfNotPresent",
            Command = [.. Command],
            Env = env,
            Ports = [new V1ContainerPort { Name = AdminPortName, ContainerPort = AdminPort, Protocol = "TCP" }],
            Resources = Resources(options.CpuRequest, options.MemoryRequest, options.CpuLimit, options.MemoryLimit),
            SecurityContext = Hardened(options),
            VolumeMounts = mounts,
            // Native sidecar: an init container that keeps running beside the bot, started before it, stopped after.
            RestartPolicy = "Always",
            // The listeners open only after the HSM login and every key lookup, so the bot starts once Sidecar can sign.
            StartupProbe = HttpProbe("/healthz", periodSeconds: 2, failureThreshold: 30),
            // Up. An HSM outage does not fail it, so an outage never turns into a restart loop.
            LivenessProbe = HttpProbe("/healthz", periodSeconds: 10, failureThreshold: 3),
            // Ready only while Sidecar can sign (HSM answering, keys found, audit writable).
            ReadinessProbe = HttpProbe("/readyz", periodSeconds: 5, failureThreshold: 2),
            TerminationMessagePolicy = "FallbackToLogsOnError",
        };
    }

    /// <summary>SoftHSM modes: unpacks token.tar from its Secret into the writable token emptyDir, then exits.</summary>
    public static V1Container TokenUnpacker(string image, InjectorOptions options) => new()
    {
        Name = TokenUnpackContainer,
        Image = image,
        ImagePullPolicy = "IfNotPresent",
        Command = ["tar", "-xf", $"{TokenArchiveDirectory}/{TokenArchiveKey}", "-C", SoftHsmDirectory],
        Resources = Resources("10m", "16Mi", "200m", "64Mi"),
        SecurityContext = Hardened(options),
        VolumeMounts =
        [
            new V1VolumeMount { Name = TokenArchiveVolume, MountPath = TokenArchiveDirectory, ReadOnlyProperty = true },
            new V1VolumeMount { Name = TokensVolume, MountPath = SoftHsmDirectory },
        ],
        TerminationMessagePolicy = "FallbackToLogsOnError",
    };

    /// <summary>
    /// Isolated mode: <c>p11-kit server</c> serving the SoftHSM2 token over a Unix socket in an emptyDir shared with
    /// the sidecar container only. The token files live here; the PIN does not (C_Login crosses the socket).
    /// </summary>
    public static V1Container SoftHsmServer(InjectionPlan plan, InjectorOptions options) => new()
    {
        Name = SoftHsmContainer,
        Image = options.SoftHsmImage,
        ImagePullPolicy = "IfNotPresent",
        Command = ["p11-kit", "server", "-f", "-n", SocketPath, "--provider", options.SoftHsmModule, "pkcs11:token=" + plan.HsmToken],
        Env = [new V1EnvVar { Name = "SOFTHSM2_CONF", Value = SoftHsmConfigFile }],
        Resources = Resources("20m", "32Mi", "500m", "128Mi"),
        SecurityContext = Hardened(options),
        VolumeMounts =
        [
            new V1VolumeMount { Name = ConfigVolume, MountPath = ConfigDirectory, ReadOnlyProperty = true },
            new V1VolumeMount { Name = TokensVolume, MountPath = SoftHsmDirectory },
            new V1VolumeMount { Name = SocketVolume, MountPath = SocketDirectory },
        ],
        RestartPolicy = "Always",
        // Sidecar starts only once the socket exists.
        StartupProbe = ExecProbe(["test", "-S", SocketPath], periodSeconds: 1, failureThreshold: 30),
        LivenessProbe = ExecProbe(["test", "-S", SocketPath], periodSeconds: 10, failureThreshold: 3),
        TerminationMessagePolicy = "FallbackToLogsOnError",
    };

    /// <summary>The volumes to add, in order. Secret files are 0440, readable through the pod's fsGroup.</summary>
    public static IReadOnlyList<V1Volume> Volumes(InjectionPlan plan)
    {
        var volumes = new List<V1Volume>
        {
            new() { Name = ConfigVolume, ConfigMap = new V1ConfigMapVolumeSource { Name = plan.ConfigMap } },
            new()
            {
                Name = PinVolume,
                Secret = new V1SecretVolumeSource
                {
                    SecretName = plan.PinSecret,
                    DefaultMode = SecretFileMode,
                    Items = [new V1KeyToPath { Key = PinSecretKey, Path = PinSecretKey }],
                },
            },
            // Nonce floors (Kraken, Bitfinex) and the audit log, for a sidecar.json that sets StateDirectory or Audit.
            new() { Name = StateVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("16Mi") } },
            new() { Name = AuditVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("1Gi") } },
            new() { Name = TmpVolume, EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = new ResourceQuantity("16Mi") } },
        };
        if (plan.Mode is HsmMode.SoftHsm or HsmMode.Isolated)
        {
            volumes.Add(new V1Volume
            {
                Name = TokenArchiveVolume,
                Secret = new V1SecretVolumeSource
                {
                    SecretName = plan.TokenSecret,
                    DefaultMode = SecretFileMode,
                    Items = [new V1KeyToPath { Key = TokenArchiveKey, Path = TokenArchiveKey }],
                },
            });
            // Writable: SoftHSM2 keeps lock files next to the objects.
            volumes.Add(new V1Volume { Name = TokensVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("16Mi") } });
        }

        if (plan.Mode == HsmMode.Isolated)
        {
            volumes.Add(new V1Volume { Name = SocketVolume, EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = new ResourceQuantity("1Mi") } });
        }

        return volumes;
    }

    /// <summary>0440: owner root, group the pod's fsGroup.</summary>
    public const int SecretFileMode = 0b100_100_000;

    /// <summary>Pod Security Standard "restricted", plus a read-only root filesystem and a fixed non-root user.</summary>
    public static V1SecurityContext Hardened(InjectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new V1SecurityContext
        {
            RunAsUser = options.RunAsUser,
            RunAsGroup = options.RunAsUser,
            RunAsNonRoot = true,
            AllowPrivilegeEscalation = false,
            ReadOnlyRootFilesystem = true,
            Privileged = false,
            Capabilities = new V1Capabilities { Drop = ["ALL"] },
            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
        };
    }

    private static V1ResourceRequirements Resources(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) => new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpuRequest), ["memory"] = new(memoryRequest) },
        Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpuLimit), ["memory"] = new(memoryLimit) },
    };

    private static V1Probe HttpProbe(string path, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = AdminPort },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 2,
        FailureThreshold = failureThreshold,
    };

    private static V1Probe ExecProbe(IList<string> command, int periodSeconds, int failureThreshold) => new()
    {
        Exec = new V1ExecAction { Command = command },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 2,
        FailureThreshold = failureThreshold,
    };
}
