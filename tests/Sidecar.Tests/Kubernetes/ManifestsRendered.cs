using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Kubernetes;

/// <summary>
/// One kustomize entry point under k8s/, rendered by <c>kubectl kustomize</c> and parsed document by document with
/// KubernetesClient in strict mode, so a misspelled or misplaced field fails instead of being dropped.
/// </summary>
internal sealed partial class ManifestsRendered
{
    /// <summary>Every entry point in k8s/ that this project owns (k8s/injector and k8s/components are the webhook's).</summary>
    public static readonly string[] EntryPoints = ["base", "overlays/softhsm", "overlays/isolated", "overlays/vendor-hsm"];

    private static readonly ConcurrentDictionary<string, Lazy<ManifestsRendered>> Cache = new(StringComparer.Ordinal);

    private ManifestsRendered(string entryPoint, string yaml, IReadOnlyList<object> objects)
    {
        EntryPoint = entryPoint;
        Yaml = yaml;
        Objects = objects;
    }

    public string EntryPoint { get; }

    public string Yaml { get; }

    public IReadOnlyList<object> Objects { get; }

    public static string K8sDirectory => Path.Combine(RepoPaths.Root, "k8s");

    /// <summary>Rendered once per test run; kubectl missing or failing fails every test that asks.</summary>
    public static ManifestsRendered For(string entryPoint) =>
        Cache.GetOrAdd(entryPoint, e => new Lazy<ManifestsRendered>(() =>
        {
            var yaml = Kustomize(Path.Combine(K8sDirectory, e));
            return new ManifestsRendered(e, yaml, ParseStrict(yaml));
        })).Value;

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public V1Deployment Deployment => Assert.Single(All<V1Deployment>());

    public V1PodSpec Pod => Deployment.Spec.Template.Spec;

    public V1ConfigMap ConfigMap(string name) =>
        All<V1ConfigMap>().SingleOrDefault(c => c.Metadata.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"{EntryPoint}: no ConfigMap named '{name}' (the volume reference does not resolve)");

    /// <summary>Runs <c>kubectl kustomize DIR</c>. Never skips: without kubectl these tests fail and say why.</summary>
    public static string Kustomize(string directory)
    {
        var info = new ProcessStartInfo("kubectl")
        {
            ArgumentList = { "kustomize", directory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                "kubectl is required by the manifest tests (its built-in kustomize renders k8s/); install kubectl 1.29 or newer: " + ex.Message, ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"kubectl kustomize {directory} did not finish in 120 s");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"kubectl kustomize {directory} failed ({process.ExitCode}): {stderr.Result}");
            }

            return stdout.Result;
        }
    }

    /// <summary>Splits a multi-document stream and deserializes each document as its own kind, strictly.</summary>
    public static IReadOnlyList<object> ParseStrict(string yaml)
    {
        var objects = new List<object>();
        foreach (var document in DocumentSeparator().Split(yaml))
        {
            if (string.IsNullOrWhiteSpace(document))
            {
                continue;
            }

            var apiVersion = TopLevel(document, "apiVersion");
            var kind = TopLevel(document, "kind");
            objects.Add((apiVersion + "/" + kind) switch
            {
                "v1/Namespace" => KubernetesYaml.Deserialize<V1Namespace>(document, strict: true),
                "v1/ServiceAccount" => KubernetesYaml.Deserialize<V1ServiceAccount>(document, strict: true),
                "v1/ConfigMap" => KubernetesYaml.Deserialize<V1ConfigMap>(document, strict: true),
                "v1/Secret" => KubernetesYaml.Deserialize<V1Secret>(document, strict: true),
                "v1/Pod" => KubernetesYaml.Deserialize<V1Pod>(document, strict: true),
                "apps/v1/Deployment" => KubernetesYaml.Deserialize<V1Deployment>(document, strict: true),
                "apps/v1/StatefulSet" => KubernetesYaml.Deserialize<V1StatefulSet>(document, strict: true),
                "apps/v1/DaemonSet" => KubernetesYaml.Deserialize<V1DaemonSet>(document, strict: true),
                "networking.k8s.io/v1/NetworkPolicy" => KubernetesYaml.Deserialize<V1NetworkPolicy>(document, strict: true),
                var other => throw new Xunit.Sdk.XunitException($"unexpected kind '{other}' in the rendered manifests; add it to ParseStrict"),
            });
        }

        return objects;
    }

    private static string TopLevel(string document, string key)
    {
        var match = Regex.Match(document, "^" + key + @":\s*(\S+)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        return match.Success ? match.Groups[1].Value : throw new Xunit.Sdk.XunitException($"a rendered document has no top-level '{key}':\n{document}");
    }

    [GeneratedRegex(@"^---[ \t]*\r?$\n?", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DocumentSeparator();
}
