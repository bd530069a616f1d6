namespace Sidecar.Injector;

/// <summary>
/// The injector's own configuration (section <c>Injector</c> of its JSON file, or <c>Injector__*</c> environment
/// variables). Pods choose among what this allows; they cannot widen it.
/// </summary>
internal sealed class InjectorOptions
{
    public const string Section = "Injector";

    /// <summary>Where the webhook listens. The API server only calls HTTPS, so TLS files are required for it.</summary>
    public string Listen { get; set; } = "https://0.0.0.0:8443";

    /// <summary>PEM certificate chain (cert-manager's <c>tls.crt</c>). Re-read when the file changes.</summary>
    public string? TlsCertificateFile { get; set; }

    /// <summary>PEM private key (cert-manager's <c>tls.key</c>).</summary>
    public string? TlsKeyFile { get; set; }

    /// <summary>
    /// Images a pod may ask for with <c>sidecar.signing/image</c>: a repository (<c>ghcr.io/example/sidecar</c>,
    /// any tag or digest of exactly that repository) or a registry prefix ending in <c>/</c>
    /// (<c>registry.internal/sidecar/</c>).
    /// </summary>
    public string[] AllowedImages { get; set; } = ["ghcr.io/example/sidecar"];

    /// <summary>The image used when the pod names none. It must itself be allowed.</summary>
    public string DefaultImage { get; set; } = "ghcr.io/example/sidecar:0.1.0";

    public string DefaultConfigMap { get; set; } = "sidecar-config";

    public string DefaultPinSecret { get; set; } = "sidecar-hsm-pin";

    /// <summary><c>vendor</c>: the module named in sidecar.json is used as it is.</summary>
    public string DefaultHsmMode { get; set; } = "vendor";

    public string DefaultEnvVar { get; set; } = "EXCHANGE_BASE_URL";

    public string DefaultHsmToken { get; set; } = "sidecar";

    /// <summary>SoftHSM modes: the Secret holding <c>token.tar</c> (the token directory made on a workstation).</summary>
    public string DefaultTokenSecret { get; set; } = "sidecar-softhsm-token";

    /// <summary>Isolated mode: the SoftHSM2 + p11-kit server image (softhsm/Dockerfile). Chosen here, never by a pod.</summary>
    public string SoftHsmImage { get; set; } = "ghcr.io/example/sidecar-softhsm:0.1.0";

    /// <summary>UID and GID of the injected containers (the images' USER); also the pod's fsGroup when it has none.</summary>
    public long RunAsUser { get; set; } = 10001;

    public string CpuRequest { get; set; } = "50m";

    public string MemoryRequest { get; set; } = "96Mi";

    public string CpuLimit { get; set; } = "1";

    public string MemoryLimit { get; set; } = "256Mi";

    public string SoftHsmModule { get; set; } = "/usr/lib/softhsm/libsofthsm2.so";

    public string P11KitClientModule { get; set; } = "/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so";

    /// <summary>Every problem at once, like Sidecar's own configuration check.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (AllowedImages.Length == 0)
        {
            errors.Add("Injector:AllowedImages is empty; name at least the Sidecar image's repository");
        }

        foreach (var entry in AllowedImages)
        {
            if (string.IsNullOrWhiteSpace(entry) || entry.Contains('@', StringComparison.Ordinal)
                || !entry.EndsWith('/') && ImageReference.Parse(entry) is not { Tag: null, Digest: null })
            {
                errors.Add($"Injector:AllowedImages entry '{entry}' must be a repository (no tag or digest) or a prefix ending in '/'");
            }
        }

        if (!ImageReference.IsAllowed(DefaultImage, AllowedImages))
        {
            errors.Add($"Injector:DefaultImage '{DefaultImage}' is not on Injector:AllowedImages");
        }

        if (!HsmModes.TryParse(DefaultHsmMode, out _))
        {
            errors.Add($"Injector:DefaultHsmMode '{DefaultHsmMode}' must be softhsm, isolated or vendor");
        }

        if (RunAsUser <= 0)
        {
            errors.Add("Injector:RunAsUser must be a non-root UID (> 0)");
        }

        if (!Names.IsEnvVarName(DefaultEnvVar))
        {
            errors.Add($"Injector:DefaultEnvVar '{DefaultEnvVar}' is not an environment variable name");
        }

        if (!Names.IsDnsSubdomain(DefaultConfigMap) || !Names.IsDnsSubdomain(DefaultPinSecret) || !Names.IsDnsSubdomain(DefaultTokenSecret))
        {
            errors.Add("Injector:DefaultConfigMap, Injector:DefaultPinSecret and Injector:DefaultTokenSecret must be Kubernetes object names");
        }

        if (!ImageReference.IsWellFormed(SoftHsmImage))
        {
            errors.Add($"Injector:SoftHsmImage '{SoftHsmImage}' is not an image reference");
        }

        foreach (var (name, value) in new[] { ("CpuRequest", CpuRequest), ("MemoryRequest", MemoryRequest), ("CpuLimit", CpuLimit), ("MemoryLimit", MemoryLimit) })
        {
            try
            {
                _ = new k8s.Models.ResourceQuantity(value);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                errors.Add($"Injector:{name} '{value}' is not a Kubernetes quantity");
            }
        }

        if (TlsCertificateFile is null != TlsKeyFile is null)
        {
            errors.Add("Injector:TlsCertificateFile and Injector:TlsKeyFile go together");
        }

        return errors;
    }
}
