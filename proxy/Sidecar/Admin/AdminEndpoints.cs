using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Sidecar.Audit;
using Sidecar.Pkcs11;
using Sidecar.Proxy;

namespace Sidecar.Admin;

/// <summary>
/// The admin listener: liveness, readiness and metrics (<c>/metrics</c>, mapped with the telemetry). It never
/// proxies, so exposing it on a pod IP for kubelet probes and Prometheus exposes no key.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(WebApplication app, HsmConnection hsm, VenueDirectory venues, AuditLog? audit, IReadOnlyList<IReadinessCheck> checks)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n", "text/plain"));
        app.MapGet("/readyz", (HttpContext context) => WriteReadinessAsync(context, hsm, venues, audit, checks));
        if (Telemetry.StageTiming.Enabled)
        {
            // Only with SIDECAR_STAGE_TIMING=1 (a benchmark's switch): where proxied requests spend their time.
            app.MapGet("/diagnostics/stages", () => Results.Text(RequestStages.Timing.Report(), "text/tab-separated-values"));
            app.MapPost("/diagnostics/stages/reset", () =>
            {
                RequestStages.Timing.Reset();
                return Results.NoContent();
            });
        }

        app.MapFallback((HttpContext context) => ErrorResponse.WriteAsync(context, StatusCodes.Status404NotFound, "not_found",
            "the admin listener serves /healthz, /readyz and /metrics only; requests to exchanges go to the proxy listener"));
    }

    private static async Task WriteReadinessAsync(HttpContext context, HsmConnection hsm, VenueDirectory venues, AuditLog? audit, IReadOnlyList<IReadinessCheck> checks)
    {
        var tokenOk = hsm.Probe(out var tokenProblem);
        var auditFailure = audit?.Failure;
        var ready = tokenOk && (auditFailure is null || audit is { FailClosed: false });
        foreach (var check in checks)
        {
            ready &= check.Ready;
        }

        context.Response.StatusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("status", ready ? "ready" : "unready");
        json.WriteStartObject("hsm");
        json.WriteString("token", hsm.TokenLabel);
        json.WriteBoolean("loggedIn", tokenOk);
        if (tokenProblem is not null)
        {
            json.WriteString("problem", tokenProblem);
        }

        json.WriteBoolean("pinRejected", hsm.PinRejected);
        json.WriteNumber("recoveries", hsm.Recoveries);

        json.WriteEndObject();
        if (audit is not null)
        {
            json.WriteStartObject("audit");
            json.WriteBoolean("writing", auditFailure is null);
            json.WriteBoolean("failClosed", audit.FailClosed);
            json.WriteNumber("sequence", audit.Sequence);
            json.WriteNumber("unsynced", audit.Unsynced);
            if (auditFailure is not null)
            {
                json.WriteString("problem", auditFailure);
            }

            if (audit.Export is { } export)
            {
                json.WriteNumber("exported", export.Exported);
                json.WriteNumber("exportDropped", export.Dropped);
            }

            if (audit.Checkpoints is { } checkpoints)
            {
                // Informational: a failing checkpoint stops neither signing nor readiness (the records are written);
                // sidecar.audit.failures{reason="checkpoint"} is what alerts.
                json.WriteStartObject("checkpoints");
                json.WriteString("key", checkpoints.Key);
                if (checkpoints.Last is { } last)
                {
                    json.WriteNumber("lastSequence", last.Sequence);
                    json.WriteString("lastTime", Checkpoint.FormatTime(last.Time));
                }

                if (checkpoints.Failure is { } problem)
                {
                    json.WriteString("problem", problem);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteStartArray("venues");
        foreach (var venue in venues.Current.All)
        {
            json.WriteStartObject();
            json.WriteString("name", venue.Name);
            json.WriteString("scheme", venue.Scheme.Name);
            json.WriteString("key", venue.Credentials.Key.Label);
            json.WriteBoolean("keyFound", true);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        foreach (var check in checks)
        {
            json.WritePropertyName(check.Name);
            check.WriteDetails(json);
        }

        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
