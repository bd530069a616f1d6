using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Sidecar.Telemetry;

/// <summary>OpenTelemetry for the process: metrics to Prometheus (/metrics on the admin listener) and OTLP, traces to OTLP.</summary>
internal static class TelemetrySetup
{
    public static void Add(IServiceCollection services, TelemetryOptions options)
    {
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("sidecar"))
            .WithMetrics(metrics =>
            {
                // System.Runtime: the runtime's own meter (GC, allocation, thread pool), e.g. the load benchmark's
                // bytes allocated per request from dotnet.gc.heap.total_allocated. Read only when scraped.
                metrics.AddMeter(SidecarTelemetry.Name, "System.Runtime").AddPrometheusExporter();
                if (options.Otlp is { Length: > 0 } endpoint)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = new Uri(endpoint));
                }
            });
        if (options.Otlp is { Length: > 0 } tracesEndpoint)
        {
            // Always on: a sidecar serves one bot, and its spans are what explains a refused or failed order.
            otel.WithTracing(tracing => tracing.AddSource(SidecarTelemetry.Name).SetSampler(new AlwaysOnSampler()).AddOtlpExporter(o => o.Endpoint = new Uri(tracesEndpoint)));
        }
    }
}
