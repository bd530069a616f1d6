using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sidecar.Admin;
using Sidecar.Configuration;
using Sidecar.Logging;
using Sidecar.Pkcs11;
using Sidecar.Proxy;
using Sidecar.Telemetry;

namespace Sidecar.Doctor;

/// <summary>
/// The doctor inside <c>sidecar run</c>: runs the checklist once in the background at start-up and reports it
/// through logs (one line per finding), the <c>sidecar.posture.check</c> gauge (per venue and check: 0 pass,
/// 1 unknown, 2 warn, 3 fail) and the <c>posture</c> object of <c>/readyz</c>. A failure makes the sidecar unready
/// only under <c>Posture:Strict</c> (and then so does a checklist not yet finished): by default the posture is
/// reported, not enforced, so a sidecar that signs correctly is not taken out of service for a warning.
/// </summary>
internal sealed partial class PostureMonitor : IReadinessCheck
{
    // One sidecar per process: the gauge reports the most recently started host's checklist.
    private static volatile PostureMonitor? _current;

    private readonly bool _strict;
    private readonly bool _enabled;
    private volatile DoctorReport? _report;
    private volatile string? _crash;

    static PostureMonitor()
    {
        SidecarTelemetry.Meter.CreateObservableGauge("sidecar.posture.check", Observe, null,
            "Posture checklist result per venue and check: 0 pass, 1 unknown, 2 warn, 3 fail");
    }

    private PostureMonitor(bool strict, bool enabled)
    {
        _strict = strict;
        _enabled = enabled;
    }

    public string Name => "posture";

    public bool Ready => !_strict || !_enabled || _report is { HasFailures: false };

    /// <summary>Finishes when the checklist has run; for tests and shutdown.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public static PostureMonitor Start(ValidatedConfig config, HsmConnection hsm, VenueTable venues, HttpMessageInvoker client, ILogger logger, IEnumerable<IVenueCheck>? extraChecks = null)
    {
        var monitor = new PostureMonitor(config.Posture.Strict, config.Posture.CheckAtStartup);
        if (!config.Posture.CheckAtStartup)
        {
            return monitor;
        }

        _current = monitor;
        var context = new DoctorContext
        {
            Config = config,
            Hsm = hsm,
            Venues = [.. venues.All],
            Client = client,
            InsideRun = true,
        };
        monitor.Completion = Task.Run(async () =>
        {
            try
            {
                var report = await new PostureDoctor(extraChecks).RunAsync(context, CancellationToken.None);
                foreach (var result in report.Results)
                {
                    if (result.Status != CheckStatus.Pass)
                    {
                        Log.Finding(logger, CheckStatusNames.Name(result.Status), result.Venue ?? "-", result.Check, result.Reason, result.Fix ?? "-");
                    }
                }

                Log.Summary(logger, report.Count(CheckStatus.Pass), report.Count(CheckStatus.Warn), report.Count(CheckStatus.Fail), report.Count(CheckStatus.Unknown), report.Strict);
                monitor._report = report;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                monitor._crash = ex.GetType().Name;
                Log.Crashed(logger, ex.GetType().Name);
            }
        });
        return monitor;
    }

    public void WriteDetails(Utf8JsonWriter json)
    {
        var report = _report;
        json.WriteStartObject();
        json.WriteString("state", !_enabled ? "off" : report is not null ? "done" : _crash is not null ? "crashed" : "running");
        json.WriteBoolean("strict", _strict);
        if (report is not null)
        {
            json.WriteString("status", report.HasFailures ? "fail" : report.Count(CheckStatus.Warn) > 0 ? "warn" : "pass");
            json.WriteNumber("pass", report.Count(CheckStatus.Pass));
            json.WriteNumber("warn", report.Count(CheckStatus.Warn));
            json.WriteNumber("fail", report.Count(CheckStatus.Fail));
            json.WriteNumber("unknown", report.Count(CheckStatus.Unknown));
            json.WriteStartArray("findings");
            foreach (var result in report.Results)
            {
                if (result.Status is CheckStatus.Warn or CheckStatus.Fail)
                {
                    json.WriteStartObject();
                    json.WriteString("check", result.Check);
                    json.WriteString("venue", result.Venue);
                    json.WriteString("status", CheckStatusNames.Name(result.Status));
                    json.WriteString("reason", result.Reason);
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static IEnumerable<Measurement<int>> Observe()
    {
        if (_current?._report is not { } report)
        {
            yield break;
        }

        foreach (var result in report.Results)
        {
            yield return new Measurement<int>((int)result.Status,
                new KeyValuePair<string, object?>("venue", result.Venue ?? "-"),
                new KeyValuePair<string, object?>("check", result.Check));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.PostureFinding, LogLevel.Warning, "Posture {Status}: venue {Venue}, {Check}: {Reason}. Fix: {Fix}")]
        public static partial void Finding(ILogger logger, string status, string venue, string check, string reason, string fix);

        [LoggerMessage(EventIds.PostureSummary, LogLevel.Information, "Posture checklist: {Pass} pass, {Warn} warn, {Fail} fail, {Unknown} unknown (strict: {Strict})")]
        public static partial void Summary(ILogger logger, int pass, int warn, int fail, int unknown, bool strict);

        [LoggerMessage(EventIds.PostureCheckCrashed, LogLevel.Error, "Posture checklist stopped with {Error}; its results are unavailable")]
        public static partial void Crashed(ILogger logger, string error);
    }
}
