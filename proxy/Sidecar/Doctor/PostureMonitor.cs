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
/// The doctor inside <c>sidecar run</c>: runs the checklist in the background at start-up, and again after every
/// applied configuration reload (new venues, keys and upstreams), and reports it through logs (one line per
/// finding), the <c>sidecar.posture.check</c> gauge (per venue and check: 0 pass, 1 unknown, 2 warn, 3 fail) and
/// the <c>posture</c> object of <c>/readyz</c>. A failure makes the sidecar unready only under
/// <c>Posture:Strict</c> (and then so does a checklist not yet finished): by default the posture is reported, not
/// enforced, so a sidecar that signs correctly is not taken out of service for a warning.
/// <para>
/// Reloads never wait for the checklist: one run at a time, and reloads that arrive while it runs are coalesced
/// into one more run, with the configuration in force by then.
/// </para>
/// </summary>
internal sealed partial class PostureMonitor : IReadinessCheck
{
    // One sidecar per process: the gauge reports the most recently started host's checklist.
    private static volatile PostureMonitor? _current;

    private readonly bool _strict;
    private readonly bool _enabled;
    private readonly ValidatedConfig _startup;
    private readonly IReadOnlyDictionary<string, HsmConnection> _hsms;
    private readonly HttpMessageInvoker _client;
    private readonly ILogger _logger;
    private readonly IEnumerable<IVenueCheck>? _extraChecks;
    private readonly Lock _lock = new();
    private DoctorContext? _pending;
    private volatile bool _checking;
    private volatile DoctorReport? _report;
    private volatile string? _crash;
    private int _runs;

    static PostureMonitor()
    {
        SidecarTelemetry.Meter.CreateObservableGauge("sidecar.posture.check", Observe, null,
            "Posture checklist result per venue and check: 0 pass, 1 unknown, 2 warn, 3 fail");
    }

    private PostureMonitor(ValidatedConfig config, IReadOnlyDictionary<string, HsmConnection> hsms, HttpMessageInvoker client, ILogger logger, IEnumerable<IVenueCheck>? extraChecks)
    {
        _startup = config;
        _strict = config.Posture.Strict;
        _enabled = config.Posture.CheckAtStartup;
        _hsms = hsms;
        _client = client;
        _logger = logger;
        _extraChecks = extraChecks;
    }

    public string Name => "posture";

    public bool Ready => !_strict || !_enabled || (!_checking && _report is { HasFailures: false });

    /// <summary>Finishes when the checklist (and any re-run queued behind it) has run; for tests and shutdown.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <param name="hsms">Each HSM's primary connection by name, where the key checks read each venue's key.</param>
    public static PostureMonitor Start(ValidatedConfig config, IReadOnlyDictionary<string, HsmConnection> hsms, VenueTable venues, HttpMessageInvoker client, ILogger logger, IEnumerable<IVenueCheck>? extraChecks = null)
    {
        var monitor = new PostureMonitor(config, hsms, client, logger, extraChecks);
        if (!config.Posture.CheckAtStartup)
        {
            return monitor;
        }

        _current = monitor;
        monitor.Schedule(config, venues);
        return monitor;
    }

    /// <summary>
    /// Runs the checklist again for a reloaded configuration, in the background. Off with
    /// <c>Posture:CheckAtStartup</c> false. Posture settings themselves are not reloadable: the start-up ones stay.
    /// </summary>
    public void Recheck(ValidatedConfig reloaded, VenueTable venues)
    {
        if (!_enabled)
        {
            return;
        }

        Log.Rechecking(_logger, reloaded.Venues.Count);
        Schedule(_startup with { Venues = reloaded.Venues, Keys = reloaded.Keys }, venues);
    }

    private void Schedule(ValidatedConfig config, VenueTable venues)
    {
        var context = new DoctorContext
        {
            Config = config,
            Hsms = _hsms,
            Venues = [.. venues.All],
            Client = _client,
            InsideRun = true,
        };
        lock (_lock)
        {
            // The latest configuration wins; a run in progress picks it up when it finishes.
            _pending = context;
            if (_checking)
            {
                return;
            }

            _checking = true;
            Completion = Task.Run(RunPendingAsync);
        }
    }

    private async Task RunPendingAsync()
    {
        while (true)
        {
            DoctorContext context;
            lock (_lock)
            {
                if (_pending is null)
                {
                    _checking = false;
                    return;
                }

                context = _pending;
                _pending = null;
            }

            await RunAsync(context);
        }
    }

    private async Task RunAsync(DoctorContext context)
    {
        try
        {
            var report = await new PostureDoctor(_extraChecks).RunAsync(context, CancellationToken.None);
            foreach (var result in report.Results)
            {
                if (result.Status != CheckStatus.Pass)
                {
                    Log.Finding(_logger, CheckStatusNames.Name(result.Status), result.Venue ?? "-", result.Check, result.Reason, result.Fix ?? "-");
                }
            }

            Log.Summary(_logger, report.Count(CheckStatus.Pass), report.Count(CheckStatus.Warn), report.Count(CheckStatus.Fail), report.Count(CheckStatus.Unknown), report.Strict);
            _crash = null;
            _report = report;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // No stale report stands in for a checklist that could not run.
            _report = null;
            _crash = ex.GetType().Name;
            Log.Crashed(_logger, ex.GetType().Name);
        }

        Interlocked.Increment(ref _runs);
    }

    public void WriteDetails(Utf8JsonWriter json)
    {
        var report = _report;
        json.WriteStartObject();
        json.WriteString("state", !_enabled ? "off" : _checking ? "running" : report is not null ? "done" : _crash is not null ? "crashed" : "running");
        json.WriteBoolean("strict", _strict);
        json.WriteNumber("runs", Volatile.Read(ref _runs));
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

        [LoggerMessage(EventIds.PostureRecheck, LogLevel.Information, "Configuration reloaded: running the posture checklist again for {Venues} venues")]
        public static partial void Rechecking(ILogger logger, int venues);
    }
}
