using System.Net;
using Microsoft.Extensions.Logging;
using Sidecar.Hosting;
using Sidecar.Logging;
using Sidecar.Proxy;
using Sidecar.Signing.Policy;
using Sidecar.Signing.RateLimits;

namespace Sidecar.Governor;

/// <summary>
/// Reads the limits an exchange publishes (Binance <c>GET /api/v3/exchangeInfo</c> <c>rateLimits</c>) through each
/// governed venue's own upstream, unsigned: at start-up, after a reload for new venues, and every
/// <see cref="GovernorDefaults.PublishedLimitsInterval"/>. The read's weight goes through the governor like any
/// request (it is skipped while the venue is held), and its answer's headers tell the governor what the IP has used.
/// </summary>
internal sealed partial class PublishedLimits : IAsyncDisposable
{
    /// <summary>Names these reads to the exchange (and to the test fakes, which leave them out of their journals).</summary>
    public const string UserAgent = "Sidecar-Limits/1";

    private readonly VenueDirectory _venues;
    private readonly HttpMessageInvoker _client;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<WeightGovernor, Status> _statuses = new(ReferenceEqualityComparer.Instance);
    private Task _loop = Task.CompletedTask;

    public PublishedLimits(VenueDirectory venues, HttpMessageInvoker client, TimeSpan timeout, ILogger<PublishedLimits> logger, TimeProvider time)
    {
        _venues = venues;
        _client = client;
        _timeout = timeout;
        _logger = logger;
        _time = time;
        venues.Replaced += OnReplaced;
    }

    /// <summary>What the last read of one venue's published limits found.</summary>
    public sealed record Status(string Path, DateTimeOffset? LastRead, int Taken, string? Problem);

    /// <summary>The last read of each governor's published limits; a governor with none is not listed.</summary>
    public Status? StatusOf(WeightGovernor governor)
    {
        lock (_statuses)
        {
            return _statuses.GetValueOrDefault(governor);
        }
    }

    /// <summary>Reads every venue's limits, waiting for them at most 3 s (or the upstream timeout); then every hour.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var first = ReadAllAsync(onlyNew: false);
        _loop = RunAsync(first);
        var wait = _timeout < TimeSpan.FromSeconds(3) ? _timeout : TimeSpan.FromSeconds(3);
        await Task.WhenAny(first, Task.Delay(wait, _time, cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        _venues.Replaced -= OnReplaced;
        await BackgroundLoop.StopAsync(_stopping, _loop);
    }

    private async Task RunAsync(Task first)
    {
        await first;
        using var timer = new PeriodicTimer(GovernorDefaults.PublishedLimitsInterval, _time);
        while (await timer.WaitForNextTickAsync(_stopping.Token))
        {
            await ReadAllAsync(onlyNew: false);
        }
    }

    // New venues after a reload: read at once rather than at the next hour.
    private void OnReplaced(VenueTable table) => _ = ReadAllAsync(onlyNew: true);

    private Task ReadAllAsync(bool onlyNew)
    {
        if (_stopping.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        var reads = new List<Task>();
        foreach (var venue in _venues.Current.All)
        {
            // The venue that keeps the limits reads them, over REST.
            if (venue.IsWebSocket || venue.Limits.Governor is not { Limits.Published: { } published } governor || governor.Venue != venue.Name
                || (onlyNew && StatusOf(governor) is not null))
            {
                continue;
            }

            reads.Add(ReadAsync(venue, governor, published));
        }

        return Task.WhenAll(reads);
    }

    private async Task ReadAsync(Venue venue, WeightGovernor governor, LimitsEndpoint published)
    {
        var path = published.Path;
        string? problem;
        var taken = 0;
        try
        {
            var pathBytes = System.Text.Encoding.ASCII.GetBytes(path);
            var row = venue.Exchange.Endpoints.Find("GET", pathBytes);
            if (governor.Admit(row, pathBytes, [], [], OrderRead.None, out var admission) is { } held)
            {
                problem = $"not read now: the venue is held by {held.Rule}";
            }
            else
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                timeout.CancelAfter(_timeout);
                using var request = new HttpRequestMessage(HttpMethod.Get, UpstreamUri.Build(venue.UpstreamBase, path, ""));
                request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
                using var response = await _client.SendAsync(request, timeout.Token);
                RateLimitHeaders.Observe(governor, admission, response);
                var start = await ReadStartAsync(response.Content, timeout.Token);
                var limits = new List<PublishedLimit>();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    problem = $"GET {path} answered HTTP {(int)response.StatusCode}";
                }
                else if (!published.TryParse(start, limits))
                {
                    problem = $"GET {path}: the answer's first {LimitsEndpoint.MaxBytesRead} bytes hold no readable limits";
                }
                else
                {
                    taken = governor.Publish(limits);
                    problem = null;
                    Log.Published(_logger, venue.Name, path, taken);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            problem = $"GET {path} failed: {(ex is HttpRequestException http ? http.HttpRequestError.ToString() : "timed out")}";
        }

        if (problem is not null)
        {
            Log.ReadFailed(_logger, venue.Name, problem);
        }

        lock (_statuses)
        {
            var previous = _statuses.GetValueOrDefault(governor);
            _statuses[governor] = problem is null
                ? new Status(path, _time.GetUtcNow(), taken, null)
                : new Status(path, previous?.LastRead, previous?.Taken ?? 0, problem);
        }
    }

    // The limits come first in the answer; the rest (every symbol) is not read.
    private static async Task<byte[]> ReadStartAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[LimitsEndpoint.MaxBytesRead];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return buffer[..length];
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.LimitsPublished, LogLevel.Information, "Venue {Venue}: read {Taken} of the exchange's limits from {Path}")]
        public static partial void Published(ILogger logger, string venue, string path, int taken);

        [LoggerMessage(EventIds.LimitsReadFailed, LogLevel.Warning, "Venue {Venue}: the exchange's published limits could not be read ({Problem}); the documented ones stay in force")]
        public static partial void ReadFailed(ILogger logger, string venue, string problem);
    }
}
