using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Sidecar.Alerts;
using Sidecar.Hosting;
using Sidecar.Logging;
using Sidecar.Proxy;
using Sidecar.Telemetry;

namespace Sidecar.Clock;

/// <summary>
/// Keeps every venue's clock offset current: measures all venues at start-up, then every
/// <c>Clock:SyncIntervalSeconds</c>. A failed sync keeps the last good offset until it is older than
/// <c>Clock:MaxOffsetAgeSeconds</c>, then the venue signs with the local clock again and readiness fails.
/// </summary>
internal sealed partial class ClockSynchronizer : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<ClockSynchronizer, byte> Running = new();
    private static readonly Counter<long> SyncFailures =
        SidecarTelemetry.Meter.CreateCounter<long>("sidecar.clock.sync_failures", "{sync}", "Clock syncs that could not read a venue's time endpoint");

    private readonly ClockOptions _options;
    private readonly HttpMessageInvoker _client;
    private readonly TimeSpan _sampleTimeout;
    private readonly AlertSink _alerts;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private volatile IReadOnlyList<VenueClockStatus> _venues;

    static ClockSynchronizer()
    {
        SidecarTelemetry.Meter.CreateObservableGauge("sidecar.clock.offset", ObserveOffsets, "ms", "Each venue's exchange clock minus the local clock");
    }

    public ClockSynchronizer(ClockOptions options, VenueDirectory venues, HttpMessageInvoker client, TimeSpan sampleTimeout, AlertSink alerts, ILogger<ClockSynchronizer> logger, TimeProvider time)
    {
        _options = options;
        _client = client;
        _sampleTimeout = sampleTimeout;
        _alerts = alerts;
        _logger = logger;
        _time = time;
        _venues = StatusesOf(venues.Current, []);
        venues.Replaced += Adopt;
    }

    /// <summary>The venues in force and what is known of their clocks.</summary>
    public IReadOnlyList<VenueClockStatus> Venues => _venues;

    public ClockOptions Options => _options;

    /// <summary>
    /// Runs the first sync and starts the periodic one. Waits for the first at most 3 s (or the upstream timeout, when
    /// shorter), so a blackholed exchange delays start-up by that much, never more; the sync carries on in the
    /// background and readiness reports it.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var firstSyncWait = _sampleTimeout < TimeSpan.FromSeconds(3) ? _sampleTimeout : TimeSpan.FromSeconds(3);
        Running.TryAdd(this, 0);
        foreach (var venue in Venues)
        {
            if (venue.LocalReason is { } reason)
            {
                Log.LocalClock(_logger, venue.Name, reason);
            }
        }

        var first = SyncAllAsync(_stopping.Token);
        _loop = RunAsync(first);
        await Task.WhenAny(first, Task.Delay(firstSyncWait, _time, cancellationToken));
    }

    /// <summary>Measures every venue that has a time endpoint, all at once.</summary>
    public Task SyncAllAsync(CancellationToken cancellationToken)
    {
        var syncs = new List<Task>();
        foreach (var venue in Venues)
        {
            if (venue.Endpoint is not null)
            {
                syncs.Add(SyncAsync(venue, cancellationToken));
            }
        }

        return Task.WhenAll(syncs);
    }

    /// <summary>
    /// After a configuration reload: venues that kept their exchange host keep their status and offset (the
    /// resolver carried their <see cref="VenueClock"/> over); new ones are measured at once rather than at the next
    /// interval, so readiness does not wait a minute for them.
    /// </summary>
    private void Adopt(VenueTable table)
    {
        var before = _venues;
        var after = StatusesOf(table, before);
        _venues = after;
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        foreach (var venue in after)
        {
            if (venue.Endpoint is not null && !Contains(before, venue))
            {
                _ = SyncAsync(venue, _stopping.Token);
            }
        }
    }

    private List<VenueClockStatus> StatusesOf(VenueTable table, IReadOnlyList<VenueClockStatus> existing)
    {
        var statuses = new List<VenueClockStatus>();
        foreach (var venue in table.All)
        {
            venue.Clock.Restamp = _options.Restamp;
            VenueClockStatus? kept = null;
            foreach (var status in existing)
            {
                if (ReferenceEquals(status.Venue.Clock, venue.Clock))
                {
                    kept = status;
                    break;
                }
            }

            if (kept is not null)
            {
                statuses.Add(kept);
                continue;
            }

            var optedOut = _options.LocalClockVenues.Contains(venue.Name, StringComparer.Ordinal);
            var endpoint = optedOut ? null : ClockProbe.EndpointFor(venue.Definition);
            var reason = optedOut ? "Clock:LocalClockVenues names it" : venue.IsWebSocket ? "a WebSocket venue" : endpoint is null ? $"{venue.Scheme.Name} publishes no time endpoint" : null;
            statuses.Add(new VenueClockStatus(venue, endpoint, reason));
        }

        return statuses;
    }

    private static bool Contains(IReadOnlyList<VenueClockStatus> statuses, VenueClockStatus status)
    {
        foreach (var candidate in statuses)
        {
            if (ReferenceEquals(candidate, status))
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        Running.TryRemove(this, out _);
        await BackgroundLoop.StopAsync(_stopping, _loop);
    }

    private async Task RunAsync(Task first)
    {
        await first;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.SyncIntervalSeconds), _time);
        while (await timer.WaitForNextTickAsync(_stopping.Token))
        {
            await SyncAllAsync(_stopping.Token);
        }
    }

    private async Task SyncAsync(VenueClockStatus venue, CancellationToken cancellationToken)
    {
        try
        {
            var measurement = await ClockProbe.MeasureAsync(venue.Venue.Definition, _client, _time, ClockProbe.DefaultSamples, _sampleTimeout, cancellationToken);
            var firstSync = !venue.Read().Known;
            venue.Succeeded(measurement, _time.GetUtcNow());
            if (firstSync)
            {
                Log.Synced(_logger, venue.Name, measurement.OffsetMilliseconds, measurement.UncertaintyMilliseconds);
            }

            if (Math.Abs(measurement.OffsetMilliseconds) > _options.MaxSkewMs)
            {
                Log.Skewed(_logger, venue.Name, measurement.OffsetMilliseconds, _options.MaxSkewMs);
                _alerts.Raise(AlertEvents.ClockSkew, "warning", venue.Name,
                    $"venue '{venue.Name}': the exchange's clock is {Math.Abs(measurement.OffsetMilliseconds)} ms {(measurement.OffsetMilliseconds > 0 ? "ahead of" : "behind")} this host's, beyond Clock:MaxSkewMs ({_options.MaxSkewMs}); Sidecar corrects the timestamps it signs, but check the host's time synchronisation (NTP)");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            // Probe messages name the endpoint and the failure; anything else is named by its type only.
            var problem = ex is ClockProbeException ? ex.Message : $"{venue.Endpoint!.Path}: unexpected {ex.GetType().Name}";
            SyncFailures.Add(1, new KeyValuePair<string, object?>("venue", venue.Name));
            Log.SyncFailed(_logger, venue.Name, problem);
            if (venue.Failed(problem, _time.GetUtcNow(), TimeSpan.FromSeconds(_options.MaxOffsetAgeSeconds)))
            {
                Log.OffsetExpired(_logger, venue.Name, _options.MaxOffsetAgeSeconds);
            }
        }
    }

    private static IEnumerable<Measurement<long>> ObserveOffsets()
    {
        foreach (var synchronizer in Running.Keys)
        {
            foreach (var venue in synchronizer.Venues)
            {
                var state = venue.Read();
                if (venue.Endpoint is not null && state.Known)
                {
                    yield return new Measurement<long>(state.OffsetMilliseconds, new KeyValuePair<string, object?>("venue", venue.Name));
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ClockSynced, LogLevel.Information, "Venue {Venue}: the exchange's clock is {Offset} ms from the local clock (±{Uncertainty} ms); timestamps Sidecar signs follow the exchange")]
        public static partial void Synced(ILogger logger, string venue, long offset, long uncertainty);

        [LoggerMessage(EventIds.ClockSyncFailed, LogLevel.Warning, "Venue {Venue}: clock sync failed: {Problem}")]
        public static partial void SyncFailed(ILogger logger, string venue, string problem);

        [LoggerMessage(EventIds.ClockSkewed, LogLevel.Warning, "Venue {Venue}: the exchange's clock is {Offset} ms from the local clock, beyond Clock:MaxSkewMs ({MaxSkewMs})")]
        public static partial void Skewed(ILogger logger, string venue, long offset, int maxSkewMs);

        [LoggerMessage(EventIds.ClockOffsetExpired, LogLevel.Warning, "Venue {Venue}: no clock sync has succeeded for {MaxAge} s (Clock:MaxOffsetAgeSeconds); signing with the local clock until one does")]
        public static partial void OffsetExpired(ILogger logger, string venue, int maxAge);

        [LoggerMessage(EventIds.ClockLocal, LogLevel.Information, "Venue {Venue}: signs with the local clock ({Reason})")]
        public static partial void LocalClock(ILogger logger, string venue, string reason);
    }
}
