using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sidecar.Injector.Admission;

// admission.k8s.io/v1 AdmissionReview. The type is not in the OpenAPI spec KubernetesClient is generated from, so
// it is declared here with exactly the fields the injector reads and writes; the pod inside is a k8s.Models.V1Pod.

internal sealed class AdmissionReview
{
    public const string ApiVersionV1 = "admission.k8s.io/v1";
    public const string KindName = "AdmissionReview";

    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("request")]
    public AdmissionRequest? Request { get; set; }

    [JsonPropertyName("response")]
    public AdmissionResponse? Response { get; set; }
}

internal sealed class AdmissionRequest
{
    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    [JsonPropertyName("kind")]
    public GroupVersionKind? Kind { get; set; }

    [JsonPropertyName("resource")]
    public GroupVersionResource? Resource { get; set; }

    [JsonPropertyName("subResource")]
    public string? SubResource { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("operation")]
    public string? Operation { get; set; }

    [JsonPropertyName("object")]
    public JsonElement? Object { get; set; }

    [JsonPropertyName("dryRun")]
    public bool? DryRun { get; set; }
}

internal sealed class GroupVersionKind
{
    [JsonPropertyName("group")]
    public string? Group { get; set; }

    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }
}

internal sealed class GroupVersionResource
{
    [JsonPropertyName("group")]
    public string? Group { get; set; }

    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("resource")]
    public string? Resource { get; set; }
}

internal sealed class AdmissionResponse
{
    [JsonPropertyName("uid")]
    public string Uid { get; set; } = "";

    [JsonPropertyName("allowed")]
    public bool Allowed { get; set; }

    [JsonPropertyName("status")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AdmissionStatus? Status { get; set; }

    [JsonPropertyName("patchType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PatchType { get; set; }

    /// <summary>Base64 of the JSON Patch.</summary>
    [JsonPropertyName("patch")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Patch { get; set; }

    [JsonPropertyName("auditAnnotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? AuditAnnotations { get; set; }
}

/// <summary>The metav1.Status the API server shows the user when a request is refused.</summary>
internal sealed class AdmissionStatus
{
    [JsonPropertyName("code")]
    public int Code { get; set; }

    [JsonPropertyName("reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; set; }

    [JsonPropertyName("message")]
    public string Message { get; set; } = "";
}
