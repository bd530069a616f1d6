using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Sidecar.Telemetry;

namespace Sidecar.Alerts;

/// <summary>
/// Sends alerts to the webhook from a background queue: debounced per event and venue, retried with back-off,
/// counted when they fail, and never blocking a request (a full queue drops the alert and counts it).
/// </summary>
internal sealed class AlertSink : IAsyncDisposable
{
    private static readonly Counter<long> Sent = SidecarTelemetry.Meter.CreateCounter<long>("sidecar.alerts.sent", "{alert}", "Alerts delivered");
    private static readonly Counter<long> Failed = SidecarTelemetry.Meter.CreateCounter<long>("sidecar.alerts.failed", "{alert}", "Alerts that could not be delivered (after retries) or were dropped");

    private readonly AlertOptions _options;
    private readonly TimeProvider _clock;
    private readonly HttpClient _http;
    private readonly Channel<Alert> _queue = Channel.CreateBounded<Alert>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<(string, string?, string?), long> _lastSent = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<long>> _refusals = new(StringComparer.Ordinal);
    private readonly Task _sender;

    public AlertSink(AlertOptions options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
        _sender = Task.Run(SendLoopAsync);
    }

    public bool Enabled => _options.Webhook is not null;

    /// <summary>
    /// Queues an alert unless the same event for the same venue (and <paramref name="subject"/>: one unknown order is
    /// not another) was sent within the debounce window.
    /// </summary>
    public void Raise(string @event, string severity, string? venue, string message, string? subject = null)
    {
        if (!Enabled)
        {
            return;
        }

        var now = _clock.GetTimestamp();
        var key = (@event, venue, subject);
        if (_lastSent.TryGetValue(key, out var last) && _clock.GetElapsedTime(last, now) < TimeSpan.FromSeconds(_options.DebounceSeconds))
        {
            return;
        }

        _lastSent[key] = now;
        if (!_queue.Writer.TryWrite(new Alert(@event, severity, venue, message, _clock.GetUtcNow())))
        {
            Failed.Add(1, new KeyValuePair<string, object?>("event", @event));
        }
    }

    /// <summary>Counts a policy refusal; a burst of them within the window raises one alert.</summary>
    public void CountRefusal(string venue, string rule)
    {
        if (!Enabled)
        {
            return;
        }

        var window = TimeSpan.FromSeconds(_options.RefusalBurstWindowSeconds);
        var times = _refusals.GetOrAdd(venue, static _ => new ConcurrentQueue<long>());
        var now = _clock.GetTimestamp();
        times.Enqueue(now);
        while (times.TryPeek(out var oldest) && _clock.GetElapsedTime(oldest, now) > window)
        {
            times.TryDequeue(out _);
        }

        if (times.Count >= _options.RefusalBurst)
        {
            Raise(AlertEvents.PolicyRefusalBurst, "warning", venue,
                $"{times.Count} requests to venue '{venue}' refused by policy within {window.TotalSeconds:0} s (last rule: {rule}): the bot may be misbehaving or compromised");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _sender.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _http.Dispose();
    }

    private async Task SendLoopAsync()
    {
        await foreach (var alert in _queue.Reader.ReadAllAsync())
        {
            var delivered = false;
            for (var attempt = 0; attempt < 3 && !delivered; attempt++)
            {
                try
                {
                    using var response = await _http.PostAsJsonAsync(_options.Webhook, Payload(alert), AlertJsonContext.Default.JsonObject);
                    delivered = response.IsSuccessStatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    delivered = false;
                }

                if (!delivered)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Pow(4, attempt)));
                }
            }

            (delivered ? Sent : Failed).Add(1, new KeyValuePair<string, object?>("event", alert.Event));
        }
    }

    private JsonObject Payload(Alert alert)
    {
        var text = $"[sidecar] {alert.Severity.ToUpperInvariant()} {alert.Event}{(alert.Venue is null ? "" : $" ({alert.Venue})")}: {alert.Message}";
        return _options.Format switch
        {
            AlertFormats.Slack => new JsonObject { ["text"] = text },
            AlertFormats.Telegram => new JsonObject { ["chat_id"] = _options.TelegramChatId, ["text"] = text },
            _ => new JsonObject
            {
                ["event"] = alert.Event,
                ["severity"] = alert.Severity,
                ["venue"] = alert.Venue,
                ["message"] = alert.Message,
                ["time"] = alert.Time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            },
        };
    }
}
