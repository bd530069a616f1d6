using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Sidecar.Injector;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Kubernetes;

/// <summary>
/// k8s/injector and k8s/components/example rendered with <c>kubectl kustomize</c> and parsed strictly with
/// KubernetesClient (an unknown or misspelled field fails): the webhook configuration's failure policy and
/// selectors, TLS wiring, the injector's own hardening, and the component giving the same sidecar as the webhook.
/// </summary>
public sealed class InjectorManifestTests
{
    private static readonly Lazy<List<object>> Injector = new(() => Render("k8s/injector"));
    private static readonly Lazy<List<object>> Core = new(() => Render("k8s/injector/core"));
    private static readonly Lazy<List<object>> Example = new(() => Render("k8s/components/example"));

    [Fact]
    public void The_webhook_fails_closed_and_selects_only_labelled_pods_in_labelled_namespaces()
    {
        var configuration = Assert.Single(Injector.Value.OfType<V1MutatingWebhookConfiguration>());
        var webhook = Assert.Single(configuration.Webhooks);

        Assert.Equal("Fail", webhook.FailurePolicy);
        Assert.Equal("None", webhook.SideEffects);
        Assert.Equal(["v1"], webhook.AdmissionReviewVersions);
        Assert.Equal("IfNeeded", webhook.ReinvocationPolicy);
        Assert.True(webhook.TimeoutSeconds is > 0 and <= 10);

        var rule = Assert.Single(webhook.Rules);
        Assert.Equal([""], rule.ApiGroups);
        Assert.Equal(["v1"], rule.ApiVersions);
        Assert.Equal(["CREATE"], rule.Operations);
        Assert.Equal(["pods"], rule.Resources);

        Assert.Equal(new Dictionary<string, string> { ["sidecar.signing/injection"] = "enabled" }, webhook.NamespaceSelector.MatchLabels);
        var excluded = Assert.Single(webhook.NamespaceSelector.MatchExpressions);
        Assert.Equal(("kubernetes.io/metadata.name", "NotIn"), (excluded.Key, excluded.OperatorProperty));
        Assert.Contains("kube-system", excluded.Values);
        Assert.Contains("sidecar-injector", excluded.Values);
        Assert.Equal(new Dictionary<string, string> { ["sidecar.signing/inject"] = "true" }, webhook.ObjectSelector.MatchLabels);

        // The API server calls the Service on the path the injector serves.
        var service = webhook.ClientConfig.Service;
        Assert.Equal(("sidecar-injector", "sidecar-injector", "/mutate", 443), (service.Name, service.NamespaceProperty, service.Path, service.Port));
        var svc = Assert.Single(Injector.Value.OfType<V1Service>());
        Assert.Equal((service.Name, service.NamespaceProperty), (svc.Metadata.Name, svc.Metadata.NamespaceProperty));
        var port = Assert.Single(svc.Spec.Ports);
        Assert.Equal(443, port.Port);
        Assert.Equal("https", port.TargetPort.Value);
    }

    [Fact]
    public void TLS_comes_from_a_cert_manager_CA_whose_certificate_names_the_service_and_lands_in_the_mounted_secret()
    {
        var configuration = Assert.Single(Injector.Value.OfType<V1MutatingWebhookConfiguration>());
        var injectFrom = configuration.Metadata.Annotations["cert-manager.io/inject-ca-from"];
        var certificates = Injector.Value.OfType<CertManagerObject>().Where(o => o.Kind == "Certificate").ToList();
        var serving = Assert.Single(certificates, c => $"{c.Metadata.NamespaceProperty}/{c.Metadata.Name}" == injectFrom);

        Assert.Contains("sidecar-injector.sidecar-injector.svc", (List<object>)serving.Spec["dnsNames"]);
        Assert.Equal("sidecar-injector-tls", serving.Spec["secretName"]);
        var issuerName = (string)((Dictionary<object, object>)serving.Spec["issuerRef"])["name"];
        var issuer = Assert.Single(Injector.Value.OfType<CertManagerObject>(), o => o.Kind == "Issuer" && o.Metadata.Name == issuerName);
        Assert.True(issuer.Spec.ContainsKey("ca"), "the serving certificate is signed by the injector's own CA, so renewals keep the caBundle");
        Assert.Contains(certificates, c => c.Spec.TryGetValue("isCA", out var isCa) && (bool)isCa);

        var pod = Assert.Single(Injector.Value.OfType<V1Deployment>()).Spec.Template.Spec;
        Assert.Contains(pod.Volumes, v => v.Secret?.SecretName == "sidecar-injector-tls");

        // Without cert-manager (core/ plus bootstrap-tls.sh) there is no Certificate, no annotation, same Secret.
        Assert.Empty(Core.Value.OfType<CertManagerObject>());
        Assert.Null(Assert.Single(Core.Value.OfType<V1MutatingWebhookConfiguration>()).Metadata.Annotations);
        Assert.Contains(Assert.Single(Core.Value.OfType<V1Deployment>()).Spec.Template.Spec.Volumes, v => v.Secret?.SecretName == "sidecar-injector-tls");
    }

    [Fact]
    public void The_injector_runs_hardened_highly_available_with_no_API_access_and_no_egress()
    {
        var deployment = Assert.Single(Injector.Value.OfType<V1Deployment>());
        var pod = deployment.Spec.Template.Spec;
        Assert.True(deployment.Spec.Replicas >= 2, "failurePolicy: Fail needs more than one replica");
        Assert.Contains(Injector.Value.OfType<V1PodDisruptionBudget>(), p => p.Spec.MinAvailable?.Value == "1");
        Assert.False(pod.AutomountServiceAccountToken ?? true);
        Assert.DoesNotContain(Injector.Value, o => o is V1Role or V1ClusterRole or V1RoleBinding or V1ClusterRoleBinding);
        var account = Assert.Single(Injector.Value.OfType<V1ServiceAccount>());
        Assert.False(account.AutomountServiceAccountToken ?? true);

        var container = Assert.Single(pod.Containers);
        var context = container.SecurityContext;
        Assert.True(context.RunAsNonRoot);
        Assert.True(context.RunAsUser > 0);
        Assert.False(context.AllowPrivilegeEscalation);
        Assert.True(context.ReadOnlyRootFilesystem);
        Assert.Equal(["ALL"], context.Capabilities.Drop);
        Assert.Equal("RuntimeDefault", context.SeccompProfile.Type);
        Assert.Contains(container.Env, e => e.Name == "DOTNET_EnableDiagnostics" && e.Value == "0");
        Assert.NotNull(container.Resources.Limits["memory"]);
        Assert.Equal("HTTPS", container.ReadinessProbe.HttpGet.Scheme);

        var namespaceObject = Assert.Single(Injector.Value.OfType<V1Namespace>());
        Assert.Equal("restricted", namespaceObject.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        Assert.False(namespaceObject.Metadata.Labels?.ContainsKey("sidecar.signing/injection") ?? false);

        var policy = Assert.Single(Injector.Value.OfType<V1NetworkPolicy>());
        Assert.Contains("Egress", policy.Spec.PolicyTypes);
        Assert.Empty(policy.Spec.Egress ?? []);
    }

    [Fact]
    public void The_injector_options_in_the_ConfigMap_bind_strictly_and_validate_and_match_the_mounts()
    {
        var configMap = Assert.Single(Injector.Value.OfType<V1ConfigMap>(), c => c.Metadata.Name.StartsWith("sidecar-injector-config", StringComparison.Ordinal));
        var json = configMap.Data["injector.json"];
        var options = new InjectorOptions();
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build()
            .GetSection(InjectorOptions.Section).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);

        Assert.Empty(options.Validate());
        var container = Assert.Single(Assert.Single(Injector.Value.OfType<V1Deployment>()).Spec.Template.Spec.Containers);
        Assert.Equal(["/app/sidecar-injector", "--config", "/etc/sidecar-injector/injector.json"], container.Command);
        Assert.Contains(container.VolumeMounts, m => m.MountPath == Path.GetDirectoryName(options.TlsCertificateFile));
        Assert.Equal(new Uri(options.Listen).Port, Assert.Single(container.Ports).ContainerPort);
    }

    [Fact]
    public void The_component_gives_a_Deployment_the_same_sidecar_volumes_and_hardening_as_the_webhook()
    {
        var deployment = Assert.Single(Example.Value.OfType<V1Deployment>());
        var pod = deployment.Spec.Template.Spec;
        InjectorHardening.AssertHardened(pod, "sidecar-hsm-pin", "EXCHANGE_BASE_URL", "http://127.0.0.1:8080/binance");
        Assert.Equal("injected", deployment.Spec.Template.Metadata.Annotations["sidecar.signing/status"]);

        // The ConfigMap the volume names exists (kustomize carried the generated name over).
        var configVolume = pod.Volumes.Single(v => v.Name == "sidecar-config");
        Assert.Contains(Example.Value.OfType<V1ConfigMap>(), c => c.Metadata.Name == configVolume.ConfigMap.Name);

        // Field for field what the injector adds in its default mode.
        var options = new InjectorOptions();
        var plan = new InjectionPlan
        {
            Image = options.DefaultImage,
            ConfigMap = configVolume.ConfigMap.Name,
            PinSecret = options.DefaultPinSecret,
            Mode = HsmMode.Vendor,
            HsmToken = options.DefaultHsmToken,
            TokenSecret = options.DefaultTokenSecret,
            EnvVar = options.DefaultEnvVar,
            BaseUrl = "http://127.0.0.1:8080/binance",
            EnvTargets = [0],
        };
        AssertSameJson(SidecarSpec.Sidecar(plan, options), Assert.Single(pod.InitContainers));
        var componentVolumes = pod.Volumes.Where(v => SidecarSpec.VolumeNames.Contains(v.Name)).ToList();
        Assert.Equal(SidecarSpec.Volumes(plan).Count, componentVolumes.Count);
        foreach (var (expected, actual) in SidecarSpec.Volumes(plan).Zip(componentVolumes))
        {
            AssertSameJson(expected, actual);
        }

        Assert.Equal(options.RunAsUser, pod.SecurityContext.FsGroup);
    }

    [Fact]
    public void The_component_patches_only_annotated_Deployments_and_puts_the_sidecar_before_their_init_containers()
    {
        var directory = Directory.CreateTempSubdirectory("sidecar-component-").FullName;
        try
        {
            // kustomize refuses an absolute path to a component; a relative one may leave the root.
            File.WriteAllText(Path.Combine(directory, "kustomization.yaml"), $$"""
                resources: [deployments.yaml]
                components: ["{{Path.GetRelativePath(directory, Path.Combine(RepoPaths.Root, "k8s", "components", "sidecar"))}}"]
                """);
            File.WriteAllText(Path.Combine(directory, "deployments.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: { name: bot, annotations: { sidecar.signing/inject: "true" } }
                spec:
                  selector: { matchLabels: { app: bot } }
                  template:
                    metadata: { labels: { app: bot } }
                    spec:
                      initContainers: [ { name: migrate, image: registry.example.com/bot:1 } ]
                      containers: [ { name: bot, image: registry.example.com/bot:1 } ]
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: { name: dashboard }
                spec:
                  selector: { matchLabels: { app: dashboard } }
                  template:
                    metadata: { labels: { app: dashboard } }
                    spec:
                      containers: [ { name: web, image: registry.example.com/web:1 } ]
                """);

            var deployments = Parse(Kustomize(directory)).OfType<V1Deployment>().ToDictionary(d => d.Metadata.Name);

            Assert.Equal(["sidecar", "migrate"], deployments["bot"].Spec.Template.Spec.InitContainers.Select(c => c.Name));
            Assert.Null(deployments["dashboard"].Spec.Template.Spec.InitContainers);
            Assert.Null(deployments["dashboard"].Spec.Template.Spec.Volumes);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Strict_parsing_catches_a_misspelled_field()
    {
        var yaml = Kustomize("k8s/injector/core").Replace("failurePolicy: Fail", "failurePolicey: Fail", StringComparison.Ordinal);
        Assert.ThrowsAny<Exception>(() => Parse(yaml));
    }

    private static void AssertSameJson(object expected, object actual)
    {
        var e = JsonNode.Parse(KubernetesJson.Serialize(expected));
        var a = JsonNode.Parse(KubernetesJson.Serialize(actual));
        Assert.True(JsonNode.DeepEquals(e, a), $"expected\n{e}\nrendered\n{a}");
    }

    private static List<object> Render(string directory) => Parse(Kustomize(directory));

    private static List<object> Parse(string yaml) => KubernetesYaml.LoadAllFromString(yaml, new Dictionary<string, Type>
    {
        ["cert-manager.io/v1/Certificate"] = typeof(CertManagerObject),
        ["cert-manager.io/v1/Issuer"] = typeof(CertManagerObject),
    }, strict: true);

    private static string Kustomize(string directory)
    {
        var info = new ProcessStartInfo("kubectl")
        {
            ArgumentList = { "kustomize", Path.IsPathRooted(directory) ? directory : Path.Combine(RepoPaths.Root, directory) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("kubectl (with its built-in kustomize) is needed to render " + directory + ": " + ex.Message, ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "kubectl kustomize timed out");
            Assert.True(process.ExitCode == 0, $"kubectl kustomize {directory} failed: {stderr.Result}");
            return stdout.Result;
        }
    }

    /// <summary>A cert-manager object (no model in KubernetesClient): the envelope strictly, the spec as a map.</summary>
    public sealed class CertManagerObject
    {
        public string ApiVersion { get; set; } = "";

        public string Kind { get; set; } = "";

        public V1ObjectMeta Metadata { get; set; } = new();

        public Dictionary<string, object> Spec { get; set; } = [];
    }
}
