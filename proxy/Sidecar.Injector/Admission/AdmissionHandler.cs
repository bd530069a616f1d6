using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Sidecar.Injector.Admission;

/// <summary>An AdmissionReview that is not one: answered with HTTP 400, which the API server treats as a failure.</summary>
internal sealed class AdmissionFormatException(string message) : Exception(message);

/// <summary>What happened to one review, for the log.</summary>
internal enum AdmissionOutcome
{
    Ignored,
    Skipped,
    Injected,
    Refused,
}

/// <summary>
/// AdmissionReview v1 in, AdmissionReview v1 out: the planner and the patcher behind the webhook, without HTTP.
/// </summary>
internal sealed class AdmissionHandler(InjectorOptions options)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly InjectionPlanner _planner = new(options);
    private readonly PodPatcher _patcher = new(options);

    /// <summary>Reads the JSON of a review, answers it, and returns the JSON of the answer.</summary>
    public string Handle(string reviewJson, out AdmissionOutcome outcome, out string detail)
    {
        AdmissionReview? review;
        try
        {
            review = JsonSerializer.Deserialize<AdmissionReview>(reviewJson, Json);
        }
        catch (JsonException ex)
        {
            throw new AdmissionFormatException("the body is not AdmissionReview JSON: " + ex.Message);
        }

        var answer = Review(review ?? throw new AdmissionFormatException("the body is JSON null"), out outcome, out detail);
        return JsonSerializer.Serialize(answer, Json);
    }

    public AdmissionReview Review(AdmissionReview review, out AdmissionOutcome outcome, out string detail)
    {
        ArgumentNullException.ThrowIfNull(review);
        if (review.ApiVersion != AdmissionReview.ApiVersionV1 || review.Kind != AdmissionReview.KindName)
        {
            throw new AdmissionFormatException($"expected apiVersion {AdmissionReview.ApiVersionV1}, kind {AdmissionReview.KindName} "
                + $"(got {review.ApiVersion ?? "none"}, {review.Kind ?? "none"}); the webhook configuration must list admissionReviewVersions: [v1]");
        }

        var request = review.Request ?? throw new AdmissionFormatException("the AdmissionReview has no request");
        if (string.IsNullOrEmpty(request.Uid))
        {
            throw new AdmissionFormatException("the AdmissionReview request has no uid");
        }

        var response = new AdmissionResponse { Uid = request.Uid, Allowed = true };
        var answer = new AdmissionReview { ApiVersion = AdmissionReview.ApiVersionV1, Kind = AdmissionReview.KindName, Response = response };

        var isPod = request.Kind is { Group: "" or null, Version: "v1", Kind: "Pod" } && string.IsNullOrEmpty(request.SubResource);
        if (!isPod || request.Operation != "CREATE")
        {
            // The webhook configuration sends pod CREATE only; anything else is let through untouched.
            outcome = AdmissionOutcome.Ignored;
            detail = $"not a pod CREATE ({request.Kind?.Kind}/{request.SubResource} {request.Operation})";
            return answer;
        }

        V1Pod? pod = null;
        string? readProblem = null;
        try
        {
            pod = request.Object is { ValueKind: JsonValueKind.Object } element ? KubernetesJson.Deserialize<V1Pod>(element) : null;
        }
        catch (JsonException ex)
        {
            readProblem = ex.Message;
        }

        if (pod?.Spec is null)
        {
            return Refuse(answer, out outcome, out detail, "sidecar injection refused: the request's object is not a pod with a spec" + (readProblem is null ? "" : $" ({readProblem})"));
        }

        var podId = $"pod {request.Namespace ?? pod.Metadata?.NamespaceProperty}/{pod.Metadata?.Name ?? (pod.Metadata?.GenerateName is { } prefix ? prefix + "*" : "(unnamed)")}";
        switch (_planner.Plan(pod))
        {
            case PlanDecision.Skip skip:
                outcome = AdmissionOutcome.Skipped;
                detail = $"{podId}: {skip.Reason}";
                return answer;

            case PlanDecision.Refuse refuse:
                Refuse(answer, out outcome, out _, refuse.Message);
                detail = $"{podId}: {refuse.Message}";
                return answer;

            case PlanDecision.Inject inject:
                var operations = _patcher.Patch(pod, inject.Plan);
                response.PatchType = "JSONPatch";
                response.Patch = Convert.ToBase64String(Encoding.UTF8.GetBytes(PodPatcher.Serialize(operations)));
                response.AuditAnnotations = new Dictionary<string, string>
                {
                    ["image"] = inject.Plan.Image,
                    ["hsm-mode"] = HsmModes.Name(inject.Plan.Mode),
                };
                outcome = AdmissionOutcome.Injected;
                detail = $"{podId}: image {inject.Plan.Image}, hsm-mode {HsmModes.Name(inject.Plan.Mode)}, {operations.Count} operations";
                return answer;

            default:
                throw new InvalidOperationException("unknown plan decision");
        }
    }

    private static AdmissionReview Refuse(AdmissionReview answer, out AdmissionOutcome outcome, out string detail, string message)
    {
        answer.Response!.Allowed = false;
        answer.Response.Status = new AdmissionStatus { Code = 403, Reason = "Forbidden", Message = message };
        outcome = AdmissionOutcome.Refused;
        detail = message;
        return answer;
    }
}
