using k8s.Models;

namespace Sidecar.Tests.Kubernetes;

/// <summary>
/// The hardening list, checked on a pod spec: after the webhook's patch is applied, and on the Deployment the
/// kustomize component renders. Written against the promises, not against the injector's code.
/// </summary>
internal static class InjectorHardening
{
    private static readonly string[] OwnContainers = ["sidecar", "sidecar-softhsm", "sidecar-softhsm-token"];

    public static void AssertHardened(V1PodSpec spec, string pinSecret, string botEnvVar, string botBaseUrl)
    {
        var init = (spec.InitContainers ?? []).ToList();
        var containers = (spec.Containers ?? []).ToList();
        var all = init.Concat(containers).ToList();

        // Names are unique and every mount names a volume of the pod (the API server would refuse otherwise).
        Assert.Equal(all.Count, all.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
        var volumes = spec.Volumes ?? [];
        Assert.Equal(volumes.Count, volumes.Select(v => v.Name).Distinct(StringComparer.Ordinal).Count());
        foreach (var mount in all.SelectMany(c => c.VolumeMounts ?? []))
        {
            Assert.Contains(volumes, v => v.Name == mount.Name);
        }

        // Native sidecar: an init container with restartPolicy Always, placed before any init container of the bot.
        var sidecar = Assert.Single(init, c => c.Name == "sidecar");
        Assert.Equal("Always", sidecar.RestartPolicy);
        var firstBotInit = init.FindIndex(c => !OwnContainers.Contains(c.Name));
        Assert.True(firstBotInit < 0 || init.IndexOf(sidecar) < firstBotInit, "the sidecar starts before the bot's own init containers");

        // Pod Security "restricted" and the rest, on every container the sidecar brings.
        foreach (var own in init.Where(c => OwnContainers.Contains(c.Name)))
        {
            var context = own.SecurityContext;
            Assert.NotNull(context);
            Assert.True(context.RunAsNonRoot, $"{own.Name}: runAsNonRoot");
            Assert.True(context.RunAsUser is > 0, $"{own.Name}: a non-root runAsUser");
            Assert.False(context.AllowPrivilegeEscalation ?? true, $"{own.Name}: allowPrivilegeEscalation false");
            Assert.False(context.Privileged ?? false, $"{own.Name}: not privileged");
            Assert.True(context.ReadOnlyRootFilesystem, $"{own.Name}: readOnlyRootFilesystem");
            Assert.Equal(["ALL"], context.Capabilities?.Drop ?? []);
            Assert.Empty(context.Capabilities?.Add ?? []);
            Assert.Equal("RuntimeDefault", (context.SeccompProfile ?? spec.SecurityContext?.SeccompProfile)?.Type);
            Assert.NotNull(own.Resources?.Requests?["cpu"]);
            Assert.NotNull(own.Resources?.Requests?["memory"]);
            Assert.NotNull(own.Resources?.Limits?["cpu"]);
            Assert.NotNull(own.Resources?.Limits?["memory"]);
        }

        // Diagnostics off, proxy on loopback, admin on all addresses for kubelet.
        var env = (sidecar.Env ?? []).ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
        Assert.Equal("0", env["DOTNET_EnableDiagnostics"]);
        Assert.Equal("http://127.0.0.1:8080", env["SIDECAR_Listen"]);
        Assert.Equal("http://0.0.0.0:9901", env["SIDECAR_Admin"]);

        // Probes on the admin port; the proxy port is never probed nor declared.
        foreach (var probe in new[] { sidecar.StartupProbe, sidecar.LivenessProbe, sidecar.ReadinessProbe })
        {
            Assert.NotNull(probe?.HttpGet);
            Assert.Equal(9901, PortNumber(sidecar, probe.HttpGet.Port));
        }

        Assert.Equal("/readyz", sidecar.ReadinessProbe.HttpGet.Path);
        Assert.DoesNotContain(all.SelectMany(c => c.Ports ?? []), p => p.ContainerPort == 8080);

        // The PIN: its Secret reaches the sidecar container only, by volume, and no container through env.
        var pinVolumes = volumes.Where(v => v.Secret?.SecretName == pinSecret
            || (v.Projected?.Sources ?? []).Any(s => s.Secret?.Name == pinSecret)).Select(v => v.Name).ToList();
        Assert.NotEmpty(pinVolumes);
        foreach (var container in all)
        {
            var mountsPin = (container.VolumeMounts ?? []).Any(m => pinVolumes.Contains(m.Name));
            Assert.True(mountsPin == (container.Name == "sidecar"), $"container '{container.Name}' mounts the PIN: {mountsPin}");
            Assert.DoesNotContain(container.Env ?? [], e => e.ValueFrom?.SecretKeyRef?.Name == pinSecret);
            Assert.DoesNotContain(container.EnvFrom ?? [], e => e.SecretRef?.Name == pinSecret);
        }

        var pinMount = Assert.Single(sidecar.VolumeMounts!, m => pinVolumes.Contains(m.Name));
        Assert.True(pinMount.ReadOnlyProperty, "the PIN is mounted read-only");
        Assert.Equal("/run/secrets/hsm/pin", pinMount.MountPath + "/" + Assert.Single(volumes.Single(v => v.Name == pinMount.Name).Secret!.Items).Path);
        Assert.Equal(0b100_100_000, volumes.Single(v => v.Name == pinMount.Name).Secret!.DefaultMode);
        Assert.NotNull(spec.SecurityContext?.FsGroup);

        // No API token anywhere in the pod, no shared process namespace, nothing from the node.
        Assert.False(spec.AutomountServiceAccountToken ?? true, "automountServiceAccountToken: false");
        Assert.DoesNotContain(volumes, v => (v.Projected?.Sources ?? []).Any(s => s.ServiceAccountToken is not null));
        Assert.DoesNotContain(all.SelectMany(c => c.VolumeMounts ?? []), m => m.MountPath.StartsWith("/var/run/secrets/kubernetes.io", StringComparison.Ordinal));
        Assert.NotEqual(true, spec.ShareProcessNamespace);
        Assert.NotEqual(true, spec.HostPID);
        Assert.NotEqual(true, spec.HostIPC);
        Assert.NotEqual(true, spec.HostNetwork);

        // The bot is pointed at the proxy.
        foreach (var bot in containers)
        {
            Assert.Contains(bot.Env ?? [], e => e.Name == botEnvVar && e.Value == botBaseUrl);
        }
    }

    private static int PortNumber(V1Container container, IntOrString port) =>
        int.TryParse(port.Value, out var number)
            ? number
            : (container.Ports ?? []).Single(p => p.Name == port.Value).ContainerPort;
}
