using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Sidecar.Tests.Kubernetes;
using YamlDotNet.Serialization;

namespace Sidecar.Tests.Monitoring;

/// <summary>
/// k8s/monitoring as <c>kubectl kustomize</c> renders it, against the pods of k8s/base it monitors: the PodMonitor
/// finds their admin port, the NetworkPolicy opens exactly that port, and the rules and dashboard inside are the
/// files the other tests check.
/// </summary>
public sealed partial class MonitoringManifestTests
{
    private static readonly Lazy<List<Dictionary<object, object>>> Rendered = new(() =>
        [.. DocumentSeparator().Split(ManifestsRendered.Kustomize(MonitoringFiles.Directory))
            .Where(d => !string.IsNullOrWhiteSpace(d))
            .Select(d => MonitoringFiles.Map(new DeserializerBuilder().Build().Deserialize<object>(d)!))]);

    [Fact]
    public void Renders_the_rules_the_scrape_the_dashboard_and_the_network_policy_in_the_base_namespace()
    {
        var kinds = Rendered.Value.Select(d => $"{d["kind"]}/{Metadata(d)["name"]}").Order(StringComparer.Ordinal);

        Assert.Equal(["ConfigMap/sidecar-grafana-dashboard", "NetworkPolicy/trading-bot-metrics", "PodMonitor/sidecar", "PrometheusRule/sidecar"], kinds);
        var baseNamespace = ManifestsRendered.For("base").Deployment.Metadata.NamespaceProperty;
        Assert.All(Rendered.Value, d => Assert.Equal(baseNamespace, Metadata(d)["namespace"]));
    }

    [Fact]
    public void The_PodMonitor_scrapes_the_admin_port_of_the_base_pods()
    {
        var monitor = MonitoringFiles.Map(Single("PodMonitor")["spec"]);
        var deployment = ManifestsRendered.For("base").Deployment;
        var sidecar = Assert.Single(deployment.Spec.Template.Spec.InitContainers, c => c.Name == "sidecar");

        var selector = MonitoringFiles.Map(MonitoringFiles.Map(monitor["selector"])["matchLabels"]);
        Assert.All(selector, label => Assert.Equal(label.Value, deployment.Spec.Template.Metadata.Labels[(string)label.Key]));
        var endpoint = MonitoringFiles.Map(Assert.Single(MonitoringFiles.List(monitor["podMetricsEndpoints"])));
        Assert.Contains(sidecar.Ports, p => p.Name == (string)endpoint["port"]);
        Assert.Equal("/metrics", endpoint["path"]);
    }

    [Fact]
    public void The_network_policy_opens_only_the_admin_port_to_the_scraper()
    {
        var document = new SerializerBuilder().Build().Serialize(Single("NetworkPolicy"));
        var policy = KubernetesYaml.Deserialize<V1NetworkPolicy>(document, strict: true);
        var deployment = ManifestsRendered.For("base").Deployment;
        var admin = Assert.Single(Assert.Single(deployment.Spec.Template.Spec.InitContainers, c => c.Name == "sidecar").Ports, p => p.Name == "admin");

        Assert.Equal(deployment.Spec.Template.Metadata.Labels, policy.Spec.PodSelector.MatchLabels);
        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
        var rule = Assert.Single(policy.Spec.Ingress);
        var port = Assert.Single(rule.Ports);
        Assert.Equal(admin.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), port.Port.Value);
        Assert.Equal("TCP", port.Protocol);
        var from = Assert.Single(rule.FromProperty);
        Assert.NotNull(from.NamespaceSelector); // a scraper in a named namespace, not anything in the cluster
        Assert.NotNull(from.PodSelector);
    }

    [Fact]
    public void The_rendered_rules_and_dashboard_are_the_files_in_the_repository()
    {
        var rule = Single("PrometheusRule");
        Assert.True(MonitoringFiles.YamlEquals(MonitoringFiles.Map(MonitoringFiles.Yaml(MonitoringFiles.PrometheusRule))["spec"], rule["spec"]));

        var dashboard = Single("ConfigMap");
        Assert.Equal("1", MonitoringFiles.Map(Metadata(dashboard)["labels"])["grafana_dashboard"]);
        Assert.Equal(File.ReadAllText(MonitoringFiles.Dashboard), MonitoringFiles.Map(dashboard["data"])["sidecar-dashboard.json"]);
    }

    private static Dictionary<object, object> Single(string kind) => Assert.Single(Rendered.Value, d => (string)d["kind"] == kind);

    private static Dictionary<object, object> Metadata(Dictionary<object, object> document) => MonitoringFiles.Map(document["metadata"]);

    [GeneratedRegex(@"^---[ \t]*\r?$\n?", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DocumentSeparator();
}
