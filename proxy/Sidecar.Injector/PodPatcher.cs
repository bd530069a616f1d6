using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Sidecar.Injector;

/// <summary>One RFC 6902 operation: the injector adds, and removes only the service-account token.</summary>
internal sealed record JsonPatchOperation(string Op, string Path, JsonNode? Value)
{
    public static JsonPatchOperation Add(string path, JsonNode? value) => new("add", path, value);

    public static JsonPatchOperation Remove(string path) => new("remove", path, null);

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["op"] = Op, ["path"] = Path };
        if (Op != "remove")
        {
            json["value"] = Value?.DeepClone();
        }

        return json;
    }
}

/// <summary>
/// Turns a pod and a plan into JSON Patch operations against the pod exactly as the API server holds it: a list
/// or object that is absent is added whole, one that exists is appended to, so the patch applies to that pod
/// and to no other. The order is fixed: token removals, init containers, volumes, the bot's env, pod security,
/// annotation.
/// </summary>
internal sealed class PodPatcher(InjectorOptions options)
{
    public IReadOnlyList<JsonPatchOperation> Patch(V1Pod pod, InjectionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(plan);
        var spec = pod.Spec ?? throw new ArgumentException("the pod has no spec", nameof(pod));
        var operations = new List<JsonPatchOperation>();

        // The ServiceAccount admission plugin runs before webhooks and has already mounted a token into every
        // container unless automountServiceAccountToken was false. Removals come first, while indexes are the pod's.
        RemoveServiceAccountToken(spec, operations);

        // Native sidecars go first, so they run before the bot's own init containers and its containers.
        var initContainers = SidecarSpec.InitContainers(plan, options);
        if (spec.InitContainers is null)
        {
            operations.Add(JsonPatchOperation.Add("/spec/initContainers", ToArray(initContainers)));
        }
        else
        {
            for (var i = 0; i < initContainers.Count; i++)
            {
                operations.Add(JsonPatchOperation.Add($"/spec/initContainers/{i}", ToNode(initContainers[i])));
            }
        }

        AddAll(operations, "/spec/volumes", spec.Volumes is not null, SidecarSpec.Volumes(plan));

        var bot = new V1EnvVar { Name = plan.EnvVar, Value = plan.BaseUrl };
        foreach (var index in plan.EnvTargets)
        {
            AddAll(operations, $"/spec/containers/{index}/env", spec.Containers[index].Env is not null, [bot]);
        }

        // Secret files are 0440 (root, fsGroup): the sidecar's user reads the PIN through the pod's fsGroup. A pod
        // with its own fsGroup keeps it; every container's processes get that group either way.
        if (spec.SecurityContext is null)
        {
            operations.Add(JsonPatchOperation.Add("/spec/securityContext", ToNode(new V1PodSecurityContext
            {
                FsGroup = options.RunAsUser,
                FsGroupChangePolicy = "OnRootMismatch",
            })));
        }
        else if (spec.SecurityContext.FsGroup is null)
        {
            operations.Add(JsonPatchOperation.Add("/spec/securityContext/fsGroup", JsonValue.Create(options.RunAsUser)));
            if (spec.SecurityContext.FsGroupChangePolicy is null)
            {
                operations.Add(JsonPatchOperation.Add("/spec/securityContext/fsGroupChangePolicy", JsonValue.Create("OnRootMismatch")));
            }
        }

        if (spec.AutomountServiceAccountToken is null)
        {
            operations.Add(JsonPatchOperation.Add("/spec/automountServiceAccountToken", JsonValue.Create(false)));
        }

        operations.Add(pod.Metadata?.Annotations is null
            ? JsonPatchOperation.Add("/metadata/annotations", new JsonObject { [Annotations.Status] = Annotations.InjectedValue })
            : JsonPatchOperation.Add("/metadata/annotations/" + Escape(Annotations.Status), JsonValue.Create(Annotations.InjectedValue)));
        return operations;
    }

    /// <summary>
    /// The volumes the ServiceAccount admission plugin adds (<c>kube-api-access-*</c>, a projected service-account
    /// token). A token volume the pod declares itself under another name is its own choice and is kept.
    /// </summary>
    public static IReadOnlyList<string> ServiceAccountTokenVolumes(V1PodSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.AutomountServiceAccountToken == false
            ? []
            : (spec.Volumes ?? [])
                .Where(v => v.Name.StartsWith("kube-api-access-", StringComparison.Ordinal)
                    && (v.Projected?.Sources ?? []).Any(s => s.ServiceAccountToken is not null))
                .Select(v => v.Name).ToList();
    }

    private static void RemoveServiceAccountToken(V1PodSpec spec, List<JsonPatchOperation> operations)
    {
        var tokens = ServiceAccountTokenVolumes(spec);
        if (tokens.Count == 0)
        {
            return;
        }

        foreach (var (list, containers) in new[] { ("initContainers", spec.InitContainers), ("containers", spec.Containers) })
        {
            for (var i = 0; i < (containers?.Count ?? 0); i++)
            {
                var mounts = containers![i].VolumeMounts ?? [];
                for (var j = mounts.Count - 1; j >= 0; j--)
                {
                    if (tokens.Contains(mounts[j].Name))
                    {
                        operations.Add(JsonPatchOperation.Remove($"/spec/{list}/{i}/volumeMounts/{j}"));
                    }
                }
            }
        }

        for (var k = spec.Volumes!.Count - 1; k >= 0; k--)
        {
            if (tokens.Contains(spec.Volumes[k].Name))
            {
                operations.Add(JsonPatchOperation.Remove($"/spec/volumes/{k}"));
            }
        }
    }

    /// <summary>The operations as the JSON array the API server expects (before base64).</summary>
    public static string Serialize(IEnumerable<JsonPatchOperation> operations) =>
        new JsonArray([.. operations.Select(o => (JsonNode)o.ToJson())]).ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    /// <summary>RFC 6901: '~' becomes '~0' and '/' becomes '~1'.</summary>
    public static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static void AddAll<T>(List<JsonPatchOperation> operations, string path, bool exists, IReadOnlyList<T> items)
        where T : class
    {
        if (!exists)
        {
            operations.Add(JsonPatchOperation.Add(path, ToArray(items)));
            return;
        }

        foreach (var item in items)
        {
            operations.Add(JsonPatchOperation.Add(path + "/-", ToNode(item)));
        }
    }

    private static JsonArray ToArray<T>(IReadOnlyList<T> items)
        where T : class => new([.. items.Select(ToNode)]);

    /// <summary>KubernetesClient's serializer: the API's field names, nulls omitted, quantities as strings.</summary>
    private static JsonNode ToNode<T>(T model)
        where T : class => JsonNode.Parse(KubernetesJson.Serialize(model))!;
}
