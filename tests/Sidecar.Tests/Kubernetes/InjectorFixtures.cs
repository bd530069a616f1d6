using System.Text;
using System.Text.Json.Nodes;
using Sidecar.Injector;
using Sidecar.Injector.Admission;

namespace Sidecar.Tests.Kubernetes;

/// <summary>Pods as the API server hands them to a mutating webhook, and the reviews around them.</summary>
internal static class InjectorFixtures
{
    public const string Uid = "705ab4f5-6393-11e8-b7cc-42010a800002";

    public static InjectorOptions Options() => new();

    /// <summary>
    /// A bot pod as a ReplicaSet creates it, after defaulting and after the ServiceAccount admission plugin (which
    /// runs before webhooks) mounted a kube-api-access token volume.
    /// </summary>
    public static JsonObject BotPod(Action<JsonObject>? annotate = null)
    {
        var pod = JsonNode.Parse("""
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": {
            "generateName": "bot-5d4c8b9f7-",
            "namespace": "trading",
            "labels": { "app": "bot", "sidecar.signing/inject": "true", "pod-template-hash": "5d4c8b9f7" },
            "annotations": { "sidecar.signing/inject": "true", "sidecar.signing/venue": "binance" }
          },
          "spec": {
            "containers": [
              {
                "name": "bot",
                "image": "registry.example/bot:1.4.2",
                "env": [ { "name": "LOG_LEVEL", "value": "info" } ],
                "resources": {},
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "imagePullPolicy": "IfNotPresent",
                "securityContext": { "runAsNonRoot": true, "allowPrivilegeEscalation": false, "capabilities": { "drop": ["ALL"] } },
                "volumeMounts": [
                  { "name": "state", "mountPath": "/var/lib/bot" },
                  { "name": "kube-api-access-7xq2z", "readOnly": true, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount" }
                ]
              }
            ],
            "volumes": [
              { "name": "state", "emptyDir": {} },
              {
                "name": "kube-api-access-7xq2z",
                "projected": {
                  "sources": [
                    { "serviceAccountToken": { "expirationSeconds": 3607, "path": "token" } },
                    { "configMap": { "name": "kube-root-ca.crt", "items": [ { "key": "ca.crt", "path": "ca.crt" } ] } },
                    { "downwardAPI": { "items": [ { "path": "namespace", "fieldRef": { "apiVersion": "v1", "fieldPath": "metadata.namespace" } } ] } }
                  ],
                  "defaultMode": 420
                }
              }
            ],
            "restartPolicy": "Always",
            "terminationGracePeriodSeconds": 30,
            "dnsPolicy": "ClusterFirst",
            "serviceAccountName": "bot",
            "serviceAccount": "bot",
            "securityContext": {},
            "schedulerName": "default-scheduler",
            "enableServiceLinks": true,
            "preemptionPolicy": "PreemptLowerPriority",
            "priority": 0
          }
        }
        """)!.AsObject();
        annotate?.Invoke(pod["metadata"]!["annotations"]!.AsObject());
        return pod;
    }

    public static JsonObject Review(JsonNode pod, string operation = "CREATE", string kind = "Pod") => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = Uid,
            ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = kind },
            ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = kind == "Pod" ? "pods" : kind.ToLowerInvariant() + "s" },
            ["requestKind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = kind },
            ["requestResource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
            ["namespace"] = "trading",
            ["operation"] = operation,
            ["userInfo"] = new JsonObject
            {
                ["username"] = "system:serviceaccount:kube-system:replicaset-controller",
                ["uid"] = "3e1c2b6a-1b7e-4d8e-9d0e-2f5b8a7c6d10",
                ["groups"] = new JsonArray("system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"),
            },
            ["object"] = pod.DeepClone(),
            ["oldObject"] = null,
            ["dryRun"] = false,
            ["options"] = new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = "CreateOptions" },
        },
    };

    /// <summary>Runs the handler the way the HTTP endpoint does: JSON text in, JSON text out.</summary>
    public static JsonObject Send(JsonObject review, InjectorOptions? options = null)
    {
        var answer = new AdmissionHandler(options ?? Options()).Handle(review.ToJsonString(), out _, out _);
        return JsonNode.Parse(answer)!.AsObject();
    }

    public static JsonArray DecodePatch(JsonObject answer)
    {
        var patch = Convert.FromBase64String((string)answer["response"]!["patch"]!);
        return JsonNode.Parse(Encoding.UTF8.GetString(patch))!.AsArray();
    }
}
