using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Sidecar.Configuration;

namespace Sidecar.Tests.Kubernetes;

/// <summary>
/// Every kustomize entry point in k8s/, rendered with <c>kubectl kustomize</c>, parsed strictly with
/// KubernetesClient, and held to the deployment's promises: a native sidecar, Pod Security "restricted", probes
/// that work on the pod IP while the proxy stays on loopback, the PIN only where the HSM login happens, a
/// configuration Sidecar itself accepts, and DNS plus HTTPS as the only way out.
/// </summary>
public sealed class ManifestTests
{
    private const string PinSecret = "sidecar-hsm-pin";
    private const string TokenSecret = "sidecar-softhsm-token";
    private const string P11KitClient = "/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so";
    private const string SoftHsmModule = "/usr/lib/softhsm/libsofthsm2.so";

    /// <summary>The volume sources Pod Security "restricted" allows.</summary>
    private static readonly string[] RestrictedVolumeSources =
        [nameof(V1Volume.ConfigMap), nameof(V1Volume.Csi), nameof(V1Volume.DownwardAPI), nameof(V1Volume.EmptyDir),
         nameof(V1Volume.Ephemeral), nameof(V1Volume.PersistentVolumeClaim), nameof(V1Volume.Projected), nameof(V1Volume.Secret)];

    public static TheoryData<string> EntryPoints
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var entryPoint in ManifestsRendered.EntryPoints)
            {
                data.Add(entryPoint);
            }

            return data;
        }
    }

    [Fact]
    public void Every_kustomize_entry_point_in_k8s_is_tested()
    {
        // k8s/injector and k8s/components belong to the admission webhook and are tested with it; k8s/monitoring holds
        // no pod and is tested with the rules and the dashboard (Monitoring/MonitoringManifestTests).
        var found = Directory.EnumerateFiles(ManifestsRendered.K8sDirectory, "kustomization.yaml", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(ManifestsRendered.K8sDirectory, Path.GetDirectoryName(file)!).Replace('\\', '/'))
            .Where(dir => !dir.StartsWith("injector", StringComparison.Ordinal) && !dir.StartsWith("components", StringComparison.Ordinal)
                && dir != "monitoring")
            .Order(StringComparer.Ordinal);

        Assert.Equal(ManifestsRendered.EntryPoints.Order(StringComparer.Ordinal), found);
    }

    [Fact]
    public void Strict_parsing_rejects_a_field_the_API_does_not_have()
    {
        var yaml = ManifestsRendered.For("base").Yaml;
        Assert.Contains("readOnlyRootFilesystem: true", yaml, StringComparison.Ordinal);

        var ex = Assert.ThrowsAny<Exception>(() => ManifestsRendered.ParseStrict(yaml.Replace("readOnlyRootFilesystem:", "readOnlyRootFileSystem:", StringComparison.Ordinal)));

        Assert.Contains("readOnlyRootFileSystem", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Renders_one_bot_deployment_in_a_namespace_that_enforces_restricted(string entryPoint)
    {
        var rendered = ManifestsRendered.For(entryPoint);

        var deployment = rendered.Deployment;
        Assert.True(deployment.Spec.Replicas == 1, "one bot per account");
        Assert.Equal("Recreate", deployment.Spec.Strategy?.Type);
        var ns = Assert.Single(rendered.All<V1Namespace>());
        Assert.Equal("restricted", ns.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        foreach (var obj in rendered.Objects.OfType<IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace))
        {
            Assert.True(ns.Metadata.Name == obj.Metadata.NamespaceProperty, $"{obj.Kind} {obj.Metadata.Name} is not in namespace {ns.Metadata.Name}");
        }

        Assert.Empty(rendered.All<V1Secret>()); // no PIN or token is ever rendered from the repository
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Sidecar_is_a_native_sidecar_that_starts_before_the_bot(string entryPoint)
    {
        var pod = ManifestsRendered.For(entryPoint).Pod;

        var sidecar = Sidecar(pod);
        Assert.Equal("Always", sidecar.RestartPolicy);
        Assert.Matches(@"(^|/)sidecar(:|@)", sidecar.Image);
        // The last init container: everything it needs (token, server, module) is ready before it starts.
        Assert.Equal("sidecar", pod.InitContainers[^1].Name);
        var bot = Assert.Single(pod.Containers);
        Assert.Equal("bot", bot.Name);
        Assert.Null(bot.RestartPolicy);
        Assert.DoesNotMatch(@"(^|/)sidecar", bot.Image);
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void The_grace_period_covers_the_bots_stop_and_then_Sidecars_shutdown_timeout(string entryPoint)
    {
        var rendered = ManifestsRendered.For(entryPoint);

        // Native sidecars are stopped after the bot, inside the same grace period: the bot needs time of its own.
        var grace = rendered.Pod.TerminationGracePeriodSeconds;
        Assert.True(grace is not null, "terminationGracePeriodSeconds is set explicitly");
        var shutdownSeconds = Math.Ceiling(EffectiveOptions(rendered).Limits.ShutdownTimeoutMs / 1000.0);
        Assert.True(grace >= shutdownSeconds + 10, $"terminationGracePeriodSeconds {grace} leaves the bot under 10 s before Sidecar's {shutdownSeconds} s");
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Every_container_meets_pod_security_restricted(string entryPoint)
    {
        var rendered = ManifestsRendered.For(entryPoint);
        var pod = rendered.Pod;

        Assert.NotEqual(true, pod.HostNetwork);
        Assert.NotEqual(true, pod.HostPID);
        Assert.NotEqual(true, pod.HostIPC);
        Assert.NotEqual(true, pod.ShareProcessNamespace);
        Assert.False(pod.AutomountServiceAccountToken, "the pod must not mount a service account token");
        var account = Assert.Single(rendered.All<V1ServiceAccount>(), a => a.Metadata.Name == pod.ServiceAccountName);
        Assert.False(account.AutomountServiceAccountToken, "the service account must not mount its token");
        Assert.Empty(pod.EphemeralContainers ?? []);
        foreach (var volume in pod.Volumes)
        {
            var sources = typeof(V1Volume).GetProperties()
                .Where(p => p.Name != nameof(V1Volume.Name) && p.GetValue(volume) is not null)
                .Select(p => p.Name)
                .ToList();
            var source = Assert.Single(sources);
            Assert.True(RestrictedVolumeSources.Contains(source), $"volume {volume.Name} is a {source}, which Pod Security restricted forbids");
        }

        foreach (var container in AllContainers(pod))
        {
            var context = container.SecurityContext;
            var where = $"{entryPoint}: container {container.Name}";
            Assert.True((context?.RunAsNonRoot ?? pod.SecurityContext?.RunAsNonRoot) == true, $"{where}: runAsNonRoot");
            var uid = context?.RunAsUser ?? pod.SecurityContext?.RunAsUser;
            Assert.True(uid is > 0, $"{where}: a numeric non-root runAsUser");
            Assert.True(context?.AllowPrivilegeEscalation == false, $"{where}: allowPrivilegeEscalation false");
            Assert.NotEqual(true, context?.Privileged);
            Assert.True(context?.ReadOnlyRootFilesystem == true, $"{where}: readOnlyRootFilesystem");
            Assert.Contains("ALL", context?.Capabilities?.Drop ?? []);
            Assert.Empty(context?.Capabilities?.Add ?? []);
            Assert.Equal("RuntimeDefault", context?.SeccompProfile?.Type ?? pod.SecurityContext?.SeccompProfile?.Type);
            Assert.All(container.Ports ?? [], port => Assert.Null(port.HostPort));
        }
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Every_container_has_cpu_and_memory_requests_and_limits(string entryPoint)
    {
        foreach (var container in AllContainers(ManifestsRendered.For(entryPoint).Pod))
        {
            foreach (var (kind, values) in new[] { ("requests", container.Resources?.Requests), ("limits", container.Resources?.Limits) })
            {
                Assert.True(values is not null && values.ContainsKey("cpu") && values.ContainsKey("memory"),
                    $"{entryPoint}: container {container.Name} needs cpu and memory {kind}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Sidecar_disables_dotnet_diagnostics(string entryPoint)
    {
        var sidecar = Sidecar(ManifestsRendered.For(entryPoint).Pod);

        Assert.Equal("0", Env(sidecar, "DOTNET_EnableDiagnostics"));
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Probes_hit_the_admin_listener_on_the_pod_IP_while_the_proxy_stays_on_loopback(string entryPoint)
    {
        var rendered = ManifestsRendered.For(entryPoint);
        var sidecar = Sidecar(rendered.Pod);
        var options = EffectiveOptions(rendered);
        var admin = new Uri(options.Admin);
        var listen = new Uri(options.Listen);

        // kubelet probes the pod IP: the admin listener must bind every address, the proxy only loopback.
        Assert.Equal(IPAddress.Any, IPAddress.Parse(admin.Host));
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(listen.Host)), $"Listen {options.Listen} must be loopback");
        Assert.NotEqual(listen.Port, admin.Port);
        foreach (var (name, probe, path) in new[]
                 {
                     ("startup", sidecar.StartupProbe, "/healthz"),
                     ("liveness", sidecar.LivenessProbe, "/healthz"),
                     ("readiness", sidecar.ReadinessProbe, "/readyz"),
                 })
        {
            Assert.True(probe?.HttpGet is not null, $"{entryPoint}: the sidecar needs an httpGet {name} probe");
            Assert.Equal(path, probe.HttpGet.Path);
            Assert.Equal(admin.Port, ResolvePort(sidecar, probe.HttpGet.Port));
            Assert.Null(probe.HttpGet.Host); // the pod IP
            Assert.True(probe.HttpGet.Scheme is null or "HTTP");
        }

        var declared = (sidecar.Ports ?? []).Select(p => p.ContainerPort).ToList();
        Assert.Contains(admin.Port, declared);
        Assert.DoesNotContain(listen.Port, declared);
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void The_bot_reaches_each_venue_through_the_proxy_on_loopback_and_holds_no_secret(string entryPoint)
    {
        var rendered = ManifestsRendered.For(entryPoint);
        var bot = Assert.Single(rendered.Pod.Containers);
        var options = EffectiveOptions(rendered);
        var listen = new Uri(options.Listen);

        var urls = (bot.Env ?? []).Where(e => e.Value?.StartsWith("http", StringComparison.OrdinalIgnoreCase) == true).ToList();
        Assert.NotEmpty(urls);
        foreach (var url in urls)
        {
            var venue = Assert.Single(options.Venues.Keys, v => url.Value == $"http://127.0.0.1:{listen.Port}/{v}");
            Assert.NotNull(venue);
        }

        Assert.DoesNotContain(bot.Env ?? [], e => e.ValueFrom?.SecretKeyRef is not null || e.Name.StartsWith("SIDECAR_", StringComparison.Ordinal));
        Assert.DoesNotContain(bot.EnvFrom ?? [], e => e.SecretRef is not null);
        var secretVolumes = rendered.Pod.Volumes.Where(v => v.Secret is not null || v.Projected is not null).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(bot.VolumeMounts ?? [], m => secretVolumes.Contains(m.Name));
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void The_PIN_is_mounted_only_into_the_container_that_logs_in(string entryPoint)
    {
        var rendered = ManifestsRendered.For(entryPoint);
        var pod = rendered.Pod;
        var options = EffectiveOptions(rendered);

        var pinVolume = Assert.Single(pod.Volumes, v => v.Secret?.SecretName == PinSecret
                                                       || v.Projected?.Sources?.Any(s => s.Secret?.Name == PinSecret) == true);
        // Sidecar calls C_Login, also in the isolated layout, where p11-kit-client forwards it through the socket.
        var mountedBy = AllContainers(pod).Where(c => (c.VolumeMounts ?? []).Any(m => m.Name == pinVolume.Name)).Select(c => c.Name);
        Assert.Equal(["sidecar"], mountedBy);
        var pinMount = MountContaining(Sidecar(pod), options.Hsm.PinFile!);
        Assert.Equal(pinVolume.Name, pinMount.Name);
        Assert.True(pinMount.ReadOnlyProperty);
        Assert.Null(pinMount.SubPath); // a rotated Secret reaches the file
        foreach (var container in AllContainers(pod))
        {
            Assert.DoesNotContain(container.Env ?? [], e => e.ValueFrom?.SecretKeyRef?.Name == PinSecret);
            Assert.DoesNotContain(container.EnvFrom ?? [], e => e.SecretRef?.Name == PinSecret);
        }
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void The_configuration_passes_Sidecars_own_validator_except_for_files_only_the_pod_has(string entryPoint)
    {
        var rendered = ManifestsRendered.For(entryPoint);
        var sidecar = Sidecar(rendered.Pod);
        var (file, options) = EffectiveConfiguration(rendered);

        var errors = new List<string>();
        try
        {
            ConfigValidator.Validate(options, file);
        }
        catch (ConfigException ex)
        {
            errors.AddRange(ex.Errors);
        }

        // Module, PIN file, audit and state directories exist in the pod, not on this machine.
        Assert.DoesNotContain(errors, e => !e.Contains("does not exist", StringComparison.Ordinal) && !e.Contains("in an existing directory", StringComparison.Ordinal));
        Assert.NotEmpty(options.Venues);
        foreach (var path in new[] { options.Hsm.Module!, options.Hsm.PinFile!, options.Audit.Path!, options.StateDirectory! })
        {
            Assert.True(Path.IsPathFullyQualified(path), $"{path} must be absolute");
        }

        // What Sidecar writes goes to writable volumes, since the root filesystem is read-only.
        foreach (var dir in new[] { Path.GetDirectoryName(options.Audit.Path)!, options.StateDirectory! })
        {
            var mount = MountContaining(sidecar, dir);
            Assert.NotEqual(true, mount.ReadOnlyProperty);
            var volume = Assert.Single(rendered.Pod.Volumes, v => v.Name == mount.Name);
            Assert.True(volume.EmptyDir is not null || volume.PersistentVolumeClaim is not null || volume.Ephemeral is not null, $"{dir} must be on a writable volume");
        }
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void The_network_policy_denies_everything_but_DNS_and_HTTPS(string entryPoint)
    {
        var rendered = ManifestsRendered.For(entryPoint);
        var labels = rendered.Deployment.Spec.Template.Metadata.Labels;
        var policies = rendered.All<V1NetworkPolicy>().Where(p => Selects(p, labels)).ToList();

        var main = Assert.Single(policies, p => p.Metadata.Name == "trading-bot");
        Assert.Equal(["Egress", "Ingress"], main.Spec.PolicyTypes.Order(StringComparer.Ordinal));
        Assert.Empty(main.Spec.Ingress ?? []);
        var allowed = new List<string>();
        foreach (var rule in main.Spec.Egress)
        {
            Assert.NotEmpty(rule.Ports ?? []); // a rule without ports would allow every port
            allowed.AddRange(rule.Ports!.Select(p =>
            {
                Assert.Null(p.EndPort);
                return $"{p.Protocol ?? "TCP"}/{p.Port.Value}";
            }));
        }

        Assert.Equal(["TCP/443", "TCP/53", "UDP/53"], allowed.Order(StringComparer.Ordinal));

        // Anything else that selects the pod may only add egress to named addresses on named ports (the vendor HSM).
        foreach (var extra in policies.Where(p => p != main))
        {
            Assert.Equal(["Egress"], extra.Spec.PolicyTypes);
            Assert.True(entryPoint == "overlays/vendor-hsm", $"{entryPoint}: unexpected NetworkPolicy {extra.Metadata.Name}");
            foreach (var rule in extra.Spec.Egress)
            {
                Assert.NotEmpty(rule.Ports ?? []);
                var peers = rule.To ?? [];
                Assert.NotEmpty(peers);
                Assert.All(peers, peer => Assert.True(peer.IpBlock is not null && peer.IpBlock.Cidr is not ("0.0.0.0/0" or "::/0"),
                    $"{extra.Metadata.Name} must name the HSMs' addresses"));
            }
        }
    }

    [Fact]
    public void Base_loads_SoftHSM_from_the_image_and_has_nothing_else_in_the_pod()
    {
        var rendered = ManifestsRendered.For("base");

        Assert.Equal(["sidecar"], rendered.Pod.InitContainers.Select(c => c.Name));
        Assert.Equal(SoftHsmModule, EffectiveOptions(rendered).Hsm.Module);
        Assert.DoesNotContain(rendered.Pod.Volumes, v => v.Secret?.SecretName == TokenSecret);
    }

    [Fact]
    public void Softhsm_overlay_unpacks_the_dev_token_into_a_writable_volume_the_sidecar_loads()
    {
        var rendered = ManifestsRendered.For("overlays/softhsm");
        var pod = rendered.Pod;

        Assert.Equal(["softhsm-token", "sidecar"], pod.InitContainers.Select(c => c.Name));
        var unpack = pod.InitContainers[0];
        Assert.Null(unpack.RestartPolicy); // runs to completion before the sidecar starts
        Assert.Equal(SoftHsmModule, EffectiveOptions(rendered).Hsm.Module);
        var sidecar = Sidecar(pod);
        var tokenDir = SoftHsmTokenDirectory(rendered, sidecar);
        var tokens = MountContaining(sidecar, tokenDir);
        Assert.NotEqual(true, tokens.ReadOnlyProperty); // SoftHSM2 writes lock files
        Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == tokens.Name).EmptyDir);
        AssertUnpacksTokenInto(pod, unpack, tokens.Name);
    }

    [Fact]
    public void Isolated_overlay_serves_the_token_from_its_own_container_over_a_socket()
    {
        var rendered = ManifestsRendered.For("overlays/isolated");
        var pod = rendered.Pod;
        var options = EffectiveOptions(rendered);

        Assert.Equal(["softhsm-token", "softhsm", "sidecar"], pod.InitContainers.Select(c => c.Name));
        var server = pod.InitContainers[1];
        Assert.Equal("Always", server.RestartPolicy);
        Assert.Equal(
            ["p11-kit", "server", "-f", "-n", "/run/p11-kit/pkcs11", "--provider", SoftHsmModule, $"pkcs11:token={options.Hsm.Token}"],
            server.Command);
        Assert.Equal(["test", "-S", "/run/p11-kit/pkcs11"], server.StartupProbe?.Exec?.Command);

        // The sidecar speaks PKCS#11 through p11-kit-client.so to the socket in a volume it shares with the server.
        var sidecar = Sidecar(pod);
        Assert.Equal(P11KitClient, options.Hsm.Module);
        Assert.Equal("unix:path=/run/p11-kit/pkcs11", Env(sidecar, "P11_KIT_SERVER_ADDRESS"));
        var socketVolume = MountContaining(sidecar, "/run/p11-kit/pkcs11").Name;
        Assert.Equal(socketVolume, MountContaining(server, "/run/p11-kit/pkcs11").Name);
        Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == socketVolume).EmptyDir);
        Assert.Equal(["softhsm", "sidecar"], MountedBy(pod, socketVolume));
        // p11-kit 0.24 creates the socket 0711: only its owner's UID can connect.
        Assert.Equal(server.SecurityContext?.RunAsUser, sidecar.SecurityContext?.RunAsUser);

        // The token never reaches the sidecar: only the unpacking init container and the server mount it.
        var tokens = MountContaining(server, SoftHsmTokenDirectory(rendered, server));
        Assert.NotEqual(true, tokens.ReadOnlyProperty);
        Assert.Equal(["softhsm-token", "softhsm"], MountedBy(pod, tokens.Name));
        var tokenSecret = Assert.Single(pod.Volumes, v => v.Secret?.SecretName == TokenSecret);
        Assert.Equal(["softhsm-token"], MountedBy(pod, tokenSecret.Name));
        Assert.Null(Env(sidecar, "SOFTHSM2_CONF"));
        AssertUnpacksTokenInto(pod, pod.InitContainers[0], tokens.Name);
    }

    [Fact]
    public void Vendor_overlay_mounts_the_module_volume_into_the_sidecar_and_opens_only_the_HSMs_port()
    {
        var rendered = ManifestsRendered.For("overlays/vendor-hsm");
        var pod = rendered.Pod;
        var options = EffectiveOptions(rendered);

        Assert.Equal(["hsm-module", "sidecar"], pod.InitContainers.Select(c => c.Name));
        var copier = pod.InitContainers[0];
        Assert.Null(copier.RestartPolicy);
        var sidecar = Sidecar(pod);
        Assert.NotEqual(SoftHsmModule, options.Hsm.Module);
        Assert.NotEqual(P11KitClient, options.Hsm.Module);
        var module = MountContaining(sidecar, options.Hsm.Module!);
        Assert.True(module.ReadOnlyProperty);
        Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == module.Name).EmptyDir);
        Assert.Equal(["hsm-module", "sidecar"], MountedBy(pod, module.Name));
        Assert.NotEqual(true, Assert.Single(copier.VolumeMounts, m => m.Name == module.Name).ReadOnlyProperty);
        Assert.DoesNotContain(pod.Volumes, v => v.Secret?.SecretName == TokenSecret);
        Assert.Contains(rendered.All<V1NetworkPolicy>(), p => p.Metadata.Name == "trading-bot-hsm");
    }

    private static void AssertUnpacksTokenInto(V1PodSpec pod, V1Container unpack, string tokenVolume)
    {
        var tokenSecret = Assert.Single(pod.Volumes, v => v.Secret?.SecretName == TokenSecret);
        var source = Assert.Single(unpack.VolumeMounts, m => m.Name == tokenSecret.Name);
        var target = Assert.Single(unpack.VolumeMounts, m => m.Name == tokenVolume);
        Assert.True(source.ReadOnlyProperty);
        Assert.NotEqual(true, target.ReadOnlyProperty);
        Assert.Equal(["tar", "-xf", source.MountPath + "/token.tar", "-C", target.MountPath], unpack.Command);
    }

    /// <summary>directories.tokendir from the softhsm2.conf that SOFTHSM2_CONF points at, read from its ConfigMap.</summary>
    private static string SoftHsmTokenDirectory(ManifestsRendered rendered, V1Container container)
    {
        var confPath = Env(container, "SOFTHSM2_CONF") ?? throw new Xunit.Sdk.XunitException($"{container.Name} has no SOFTHSM2_CONF");
        var mount = MountContaining(container, confPath);
        var volume = Assert.Single(rendered.Pod.Volumes, v => v.Name == mount.Name);
        var conf = rendered.ConfigMap(volume.ConfigMap.Name).Data[Path.GetRelativePath(mount.MountPath, confPath)];
        var line = Assert.Single(conf.Split('\n'), l => l.TrimStart().StartsWith("directories.tokendir", StringComparison.Ordinal));
        return line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static SidecarOptions EffectiveOptions(ManifestsRendered rendered) => EffectiveConfiguration(rendered).Options;

    /// <summary>
    /// What Sidecar would load in the pod: the sidecar.json the container's --config names, from the ConfigMap
    /// mounted there, overlaid with the container's literal SIDECAR_ variables exactly as ConfigLoader does.
    /// </summary>
    private static (IConfiguration File, SidecarOptions Options) EffectiveConfiguration(ManifestsRendered rendered)
    {
        var sidecar = Sidecar(rendered.Pod);
        var command = (sidecar.Command ?? []).Concat(sidecar.Args ?? []).ToList();
        var at = command.IndexOf("--config");
        Assert.True(at >= 0 && at + 1 < command.Count, "the sidecar's command names its --config file");
        var configPath = command[at + 1];
        var mount = MountContaining(sidecar, configPath);
        var volume = Assert.Single(rendered.Pod.Volumes, v => v.Name == mount.Name);
        Assert.True(volume.ConfigMap is not null, $"{configPath} must come from a ConfigMap");
        var json = rendered.ConfigMap(volume.ConfigMap.Name).Data[Path.GetRelativePath(mount.MountPath, configPath)];

        var file = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var environment = (sidecar.Env ?? [])
            .Where(e => e.Name.StartsWith(ConfigLoader.EnvironmentPrefix, StringComparison.Ordinal) && e.Value is not null)
            .ToDictionary(e => e.Name[ConfigLoader.EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), e => (string?)e.Value);
        var merged = new ConfigurationBuilder().AddConfiguration(file).AddInMemoryCollection(environment).Build();
        return (file, ConfigLoader.Bind(merged));
    }

    private static IEnumerable<V1Container> AllContainers(V1PodSpec pod) => (pod.InitContainers ?? []).Concat(pod.Containers);

    private static V1Container Sidecar(V1PodSpec pod) => Assert.Single(pod.InitContainers ?? [], c => c.Name == "sidecar");

    private static string? Env(V1Container container, string name) => (container.Env ?? []).SingleOrDefault(e => e.Name == name)?.Value;

    private static List<string> MountedBy(V1PodSpec pod, string volume) =>
        AllContainers(pod).Where(c => (c.VolumeMounts ?? []).Any(m => m.Name == volume)).Select(c => c.Name).ToList();

    /// <summary>The mount a path lives in: the longest mount path that is the path or one of its parents.</summary>
    private static V1VolumeMount MountContaining(V1Container container, string path)
    {
        var mount = (container.VolumeMounts ?? [])
            .Where(m => path == m.MountPath || path.StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal))
            .MaxBy(m => m.MountPath.Length);
        return mount ?? throw new Xunit.Sdk.XunitException($"{path} is on no volume of container {container.Name}");
    }

    private static int ResolvePort(V1Container container, IntOrString port)
    {
        if (int.TryParse(port.Value, out var number))
        {
            return number;
        }

        return Assert.Single(container.Ports ?? [], p => p.Name == port.Value).ContainerPort;
    }

    private static bool Selects(V1NetworkPolicy policy, IDictionary<string, string> labels) =>
        (policy.Spec.PodSelector.MatchExpressions ?? []).Count == 0
        && (policy.Spec.PodSelector.MatchLabels ?? new Dictionary<string, string>()).All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value);
}
