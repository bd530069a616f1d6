using k8s.Models;

namespace Sidecar.Injector;

/// <summary>
/// Decides, from a pod's annotations and spec and the injector's options, whether to inject, leave the pod alone,
/// or refuse it. Pure: no HTTP, no Kubernetes API. Every problem is reported at once.
/// </summary>
internal sealed class InjectionPlanner(InjectorOptions options)
{
    public PlanDecision Plan(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var annotations = pod.Metadata?.Annotations ?? new Dictionary<string, string>();
        var spec = pod.Spec ?? new V1PodSpec();

        annotations.TryGetValue(Annotations.Inject, out var inject);
        if (inject is null || string.Equals(inject, "false", StringComparison.OrdinalIgnoreCase))
        {
            return new PlanDecision.Skip($"not annotated {Annotations.Inject}: \"true\"");
        }

        var problems = new List<string>();
        if (!string.Equals(inject, "true", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"annotation {Annotations.Inject} must be \"true\" or \"false\" (got \"{inject}\")");
        }

        var draft = ReadAnnotations(annotations, problems);
        var injected = annotations.TryGetValue(Annotations.Status, out var status) && status == Annotations.InjectedValue;
        if (!injected && status is not null)
        {
            problems.Add($"annotation {Annotations.Status} is written by the injector; only \"{Annotations.InjectedValue}\" is meaningful (got \"{status}\")");
        }

        CheckPodIsolation(spec, problems);
        CheckSecretsStayInSidecar(spec, draft, problems);

        if (injected)
        {
            CheckInjectedShape(spec, problems);
            return problems.Count > 0
                ? new PlanDecision.Refuse(problems)
                : new PlanDecision.Skip($"already injected ({Annotations.Status}: {Annotations.InjectedValue})");
        }

        CheckNamesAreFree(spec, problems);
        CheckPortsAreFree(spec, problems);
        var targets = EnvTargets(spec, draft.EnvVar, draft.BaseUrl, problems);
        if (problems.Count > 0)
        {
            return new PlanDecision.Refuse(problems);
        }

        return new PlanDecision.Inject(draft with { EnvTargets = targets });
    }

    /// <summary>Reads every sidecar.signing/ annotation; unknown and weakening keys become problems.</summary>
    private InjectionPlan ReadAnnotations(IDictionary<string, string> annotations, List<string> problems)
    {
        foreach (var key in annotations.Keys.Where(k => k.StartsWith(Annotations.Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (Annotations.Weakening.TryGetValue(key, out var why))
            {
                problems.Add($"annotation {key} is refused: {why}");
            }
            else if (!Annotations.Known.Contains(key))
            {
                problems.Add($"unknown annotation {key}; the injector reads {string.Join(", ", Annotations.Known.Order(StringComparer.Ordinal))}");
            }
        }

        string Value(string key, string fallback) => annotations.TryGetValue(key, out var value) ? value : fallback;
        string? Optional(string key) => annotations.TryGetValue(key, out var value) ? value : null;

        var image = Value(Annotations.Image, options.DefaultImage);
        if (!ImageReference.IsAllowed(image, options.AllowedImages))
        {
            problems.Add($"image '{image}' ({Annotations.Image}) is not on the injector's allow-list ({string.Join(", ", options.AllowedImages)})");
        }

        var configMap = Value(Annotations.Config, options.DefaultConfigMap);
        if (!Names.IsDnsSubdomain(configMap))
        {
            problems.Add($"annotation {Annotations.Config} '{configMap}' is not a ConfigMap name");
        }

        var pinSecret = Value(Annotations.PinSecret, options.DefaultPinSecret);
        if (!Names.IsDnsSubdomain(pinSecret))
        {
            problems.Add($"annotation {Annotations.PinSecret} '{pinSecret}' is not a Secret name");
        }

        var modeName = Value(Annotations.HsmMode, options.DefaultHsmMode);
        if (!HsmModes.TryParse(modeName, out var mode))
        {
            problems.Add($"annotation {Annotations.HsmMode} '{modeName}' must be softhsm, isolated or vendor");
        }

        var module = Optional(Annotations.HsmModule);
        if (module is not null && mode != HsmMode.Vendor)
        {
            problems.Add($"annotation {Annotations.HsmModule} applies to {Annotations.HsmMode}: vendor only (the mode is {modeName})");
        }
        else if (module is not null && !Names.IsModulePath(module))
        {
            problems.Add($"annotation {Annotations.HsmModule} '{module}' must be an absolute path to a .so, without '..'");
        }

        var token = Value(Annotations.HsmToken, options.DefaultHsmToken);
        if (annotations.ContainsKey(Annotations.HsmToken) && mode != HsmMode.Isolated)
        {
            problems.Add($"annotation {Annotations.HsmToken} applies to {Annotations.HsmMode}: isolated only; otherwise the token is Hsm:Token in sidecar.json");
        }
        else if (!Names.IsTokenLabel(token))
        {
            problems.Add($"annotation {Annotations.HsmToken} '{token}' must be 1-32 letters, digits, '.', '-' or '_'");
        }

        var tokenSecret = Value(Annotations.TokenSecret, options.DefaultTokenSecret);
        if (annotations.ContainsKey(Annotations.TokenSecret) && mode is not (HsmMode.SoftHsm or HsmMode.Isolated))
        {
            problems.Add($"annotation {Annotations.TokenSecret} applies to {Annotations.HsmMode}: softhsm or isolated only");
        }
        else if (!Names.IsDnsSubdomain(tokenSecret))
        {
            problems.Add($"annotation {Annotations.TokenSecret} '{tokenSecret}' is not a Secret name");
        }
        else if (tokenSecret == pinSecret)
        {
            problems.Add($"the token Secret and the PIN Secret must differ ('{pinSecret}'): the token unpacker must never see the PIN");
        }

        var venue = Optional(Annotations.Venue);
        if (venue is not null && !Names.IsVenue(venue))
        {
            problems.Add($"annotation {Annotations.Venue} '{venue}' is not a venue name (letters, digits, '.', '-', '_')");
        }

        var envVar = Value(Annotations.EnvVar, options.DefaultEnvVar);
        if (!Names.IsEnvVarName(envVar))
        {
            problems.Add($"annotation {Annotations.EnvVar} '{envVar}' is not an environment variable name");
        }
        else if (envVar.StartsWith("SIDECAR_", StringComparison.Ordinal) || envVar.StartsWith("DOTNET_", StringComparison.Ordinal)
                 || envVar.StartsWith("ASPNETCORE_", StringComparison.Ordinal))
        {
            problems.Add($"annotation {Annotations.EnvVar} '{envVar}' uses a prefix Sidecar or .NET reads; choose a name of the bot's own");
        }

        if (annotations.TryGetValue(Annotations.PinMountContainers, out var pinMounts))
        {
            var others = pinMounts.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Where(name => name != SidecarSpec.SidecarContainer).ToList();
            if (others.Count > 0)
            {
                problems.Add($"annotation {Annotations.PinMountContainers} names {string.Join(", ", others.Select(n => $"'{n}'"))}: "
                    + $"the HSM PIN is mounted only into the '{SidecarSpec.SidecarContainer}' container, the one that logs in to the HSM");
            }
        }

        return new InjectionPlan
        {
            Image = image,
            ConfigMap = configMap,
            PinSecret = pinSecret,
            Mode = mode,
            HsmModule = module,
            HsmToken = token,
            TokenSecret = tokenSecret,
            Venue = venue,
            EnvVar = envVar,
            BaseUrl = SidecarSpec.BaseUrl(venue),
            EnvTargets = [],
        };
    }

    /// <summary>Pod-wide settings that would let the bot (or the node) reach the sidecar's memory, keys or PIN.</summary>
    private static void CheckPodIsolation(V1PodSpec spec, List<string> problems)
    {
        if (spec.ShareProcessNamespace == true)
        {
            problems.Add("shareProcessNamespace: true lets the bot read the sidecar's memory through /proc; remove it");
        }

        if (spec.HostPID == true)
        {
            problems.Add("hostPID: true exposes the sidecar's processes to the node and the bot; remove it");
        }

        if (spec.HostIPC == true)
        {
            problems.Add("hostIPC: true shares IPC with the node; remove it");
        }

        if (spec.HostNetwork == true)
        {
            problems.Add("hostNetwork: true would put the proxy on the node's loopback and the admin port on the node; remove it");
        }

        if (spec.AutomountServiceAccountToken == true)
        {
            problems.Add("automountServiceAccountToken: true puts an API token in the pod that could read the PIN Secret; remove it");
        }
    }

    /// <summary>
    /// The PIN Secret may reach only the <c>sidecar</c> container; the SoftHSM token (its Secret, its unpacked
    /// directory) and the p11-kit socket only the injector's own containers. Checked on every container, through
    /// volumes (secret or projected), env and envFrom.
    /// </summary>
    private static void CheckSecretsStayInSidecar(V1PodSpec spec, InjectionPlan draft, List<string> problems)
    {
        var volumes = spec.Volumes ?? [];
        HashSet<string> VolumesOf(string secret, string ownVolume)
        {
            var names = volumes
                .Where(v => v.Secret?.SecretName == secret || (v.Projected?.Sources ?? []).Any(s => s.Secret?.Name == secret))
                .Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
            names.Add(ownVolume);
            return names;
        }

        var softHsm = draft.Mode is HsmMode.SoftHsm or HsmMode.Isolated;
        var pinVolumes = VolumesOf(draft.PinSecret, SidecarSpec.PinVolume);
        var tokenVolumes = softHsm ? VolumesOf(draft.TokenSecret, SidecarSpec.TokenArchiveVolume) : [SidecarSpec.TokenArchiveVolume];
        tokenVolumes.Add(SidecarSpec.TokensVolume);
        tokenVolumes.Add(SidecarSpec.SocketVolume);
        var secrets = softHsm ? new[] { draft.PinSecret, draft.TokenSecret } : [draft.PinSecret];

        foreach (var (kind, container) in AllContainers(spec))
        {
            var name = container.Name ?? "";
            var ours = kind == "initContainer" && SidecarSpec.ContainerNames.Contains(name);
            var isSidecar = ours && name == SidecarSpec.SidecarContainer;
            var label = $"{kind} '{name}'";
            foreach (var mount in container.VolumeMounts ?? [])
            {
                if (pinVolumes.Contains(mount.Name) && !isSidecar)
                {
                    problems.Add($"{label} mounts the HSM PIN Secret '{draft.PinSecret}' (volume '{mount.Name}'); only the '{SidecarSpec.SidecarContainer}' container, the one that logs in to the HSM, may");
                }
                else if (tokenVolumes.Contains(mount.Name) && !ours)
                {
                    problems.Add($"{label} mounts '{mount.Name}', which holds the HSM token or its socket; only the sidecar's own containers may");
                }
            }

            foreach (var env in container.Env ?? [])
            {
                if (env.ValueFrom?.SecretKeyRef?.Name is { } secret && secrets.Contains(secret) && !isSidecar)
                {
                    problems.Add($"{label} reads the Secret '{secret}' into env {env.Name}; the HSM PIN and token stay out of every container but the sidecar's");
                }
            }

            foreach (var source in container.EnvFrom ?? [])
            {
                if (source.SecretRef?.Name is { } secret && secrets.Contains(secret) && !isSidecar)
                {
                    problems.Add($"{label} loads the Secret '{secret}' with envFrom; the HSM PIN and token stay out of every container but the sidecar's");
                }
            }
        }
    }

    /// <summary>
    /// A pod marked injected must still carry the native sidecar, from an allowed image and hardened: the mark
    /// cannot stand in for it, nor carry a hand-made container that gets the PIN.
    /// </summary>
    private void CheckInjectedShape(V1PodSpec spec, List<string> problems)
    {
        var sidecar = (spec.InitContainers ?? []).FirstOrDefault(c => c.Name == SidecarSpec.SidecarContainer);
        var marked = $"the pod is marked {Annotations.Status}: {Annotations.InjectedValue} but";
        if (sidecar is null)
        {
            problems.Add($"{marked} has no '{SidecarSpec.SidecarContainer}' init container");
            return;
        }

        if (sidecar.RestartPolicy != "Always")
        {
            problems.Add($"the '{SidecarSpec.SidecarContainer}' init container must have restartPolicy: Always (a native sidecar)");
        }

        if (sidecar.Image is null || !ImageReference.IsAllowed(sidecar.Image, options.AllowedImages))
        {
            problems.Add($"{marked} its '{SidecarSpec.SidecarContainer}' image '{sidecar.Image}' is not on the injector's allow-list");
        }

        var context = sidecar.SecurityContext;
        if (context is not { RunAsNonRoot: true, AllowPrivilegeEscalation: false, ReadOnlyRootFilesystem: true } || context.Privileged == true
            || !(context.Capabilities?.Drop ?? []).Contains("ALL") || (context.Capabilities?.Add ?? []).Count > 0)
        {
            problems.Add($"{marked} its '{SidecarSpec.SidecarContainer}' container is not hardened (runAsNonRoot, no privilege escalation, read-only root, capabilities dropped)");
        }

        if (spec.AutomountServiceAccountToken is null)
        {
            problems.Add($"{marked} does not set automountServiceAccountToken: false");
        }
    }

    private static void CheckNamesAreFree(V1PodSpec spec, List<string> problems)
    {
        foreach (var (kind, container) in AllContainers(spec))
        {
            if (SidecarSpec.ContainerNames.Contains(container.Name))
            {
                problems.Add($"the pod already has a {kind} named '{container.Name}' but is not marked {Annotations.Status}: {Annotations.InjectedValue}");
            }
        }

        foreach (var volume in spec.Volumes ?? [])
        {
            if (SidecarSpec.VolumeNames.Contains(volume.Name))
            {
                problems.Add($"the pod already has a volume named '{volume.Name}', which the injector adds");
            }
        }
    }

    /// <summary>The sidecar binds 127.0.0.1:8080 and :9901 in the pod's network namespace.</summary>
    private static void CheckPortsAreFree(V1PodSpec spec, List<string> problems)
    {
        foreach (var (kind, container) in AllContainers(spec))
        {
            foreach (var port in container.Ports ?? [])
            {
                if (port.ContainerPort is SidecarSpec.ProxyPort or SidecarSpec.AdminPort)
                {
                    problems.Add($"{kind} '{container.Name}' declares port {port.ContainerPort}, which the sidecar listens on");
                }
            }
        }
    }

    private static List<int> EnvTargets(V1PodSpec spec, string envVar, string baseUrl, List<string> problems)
    {
        var targets = new List<int>();
        var containers = spec.Containers ?? [];
        for (var i = 0; i < containers.Count; i++)
        {
            var existing = (containers[i].Env ?? []).Where(e => e.Name == envVar).ToList();
            if (existing.Count == 0)
            {
                targets.Add(i);
            }
            else if (existing.Count > 1 || existing[0].ValueFrom is not null || existing[0].Value != baseUrl)
            {
                problems.Add($"container '{containers[i].Name}' already sets {envVar}; remove it or choose another name with {Annotations.EnvVar}");
            }
        }

        if (containers.Count == 0)
        {
            problems.Add("the pod has no containers");
        }

        return targets;
    }

    private static IEnumerable<(string Kind, V1Container Container)> AllContainers(V1PodSpec spec) =>
        (spec.InitContainers ?? []).Select(c => ("initContainer", c))
        .Concat((spec.Containers ?? []).Select(c => ("container", c)))
        .Concat((spec.EphemeralContainers ?? []).Select(c => ("ephemeralContainer", new V1Container
        {
            Name = c.Name,
            Env = c.Env,
            EnvFrom = c.EnvFrom,
            VolumeMounts = c.VolumeMounts,
            Ports = c.Ports,
        })));
}
