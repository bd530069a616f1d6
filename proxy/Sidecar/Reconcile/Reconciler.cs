using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Sidecar.Alerts;
using Sidecar.Audit;
using Sidecar.Doctor.Permissions;
using Sidecar.Logging;
using Sidecar.Proxy;
using Sidecar.Signing.Policy;
using Sidecar.Signing.Reconcile;
using Sidecar.Telemetry;

namespace Sidecar.Reconcile;

/// <summary>
/// Detects orders Sidecar never signed: every <c>Venues:{name}:Reconcile:IntervalSeconds</c>, each REST venue's
/// order history is read from the exchange (the exchange's <see cref="OrderHistory"/>: signed read-only requests
/// through the venue's own upstream and key, their weight through the governor) and each order is matched with
/// those Sidecar signed (<see cref="OrderLedger"/>: client order ids, and exchange order ids from forwarded answers).
/// An order matched by neither, created after Sidecar started, and still unmatched at the next poll (its answer may
/// have been on its way) means the key is used elsewhere: it raises <c>unknown_order</c>, counts
/// <c>sidecar.reconcile.unknown_orders</c>, and is written to the audit log, once.
/// </summary>
internal sealed partial class Reconciler : IAsyncDisposable
{
    /// <summary>Names the polls to the exchange (and to the test fakes, which leave them out of their journals).</summary>
    public const string UserAgent = "Sidecar-Reconcile/1";

    /// <summary>A poll reads whole order lists: 4 MB holds thousands of orders.</summary>
    private const int MaxAnswerBytes = 4 * 1024 * 1024;

    private static readonly ConcurrentDictionary<Reconciler, byte> Running = new();
    private static readonly Counter<long> UnknownOrders = SidecarTelemetry.Meter.CreateCounter<long>("sidecar.reconcile.unknown_orders", "{order}",
        "Orders at the exchange Sidecar never signed, by venue: the key is used somewhere else");

    private readonly VenueDirectory _venues;
    private readonly HttpMessageInvoker _client;
    private readonly TimeSpan _timeout;
    private readonly AlertSink _alerts;
    private readonly AuditLog? _audit;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, Watch> _watches = new(StringComparer.Ordinal);

    static Reconciler()
    {
        SidecarTelemetry.Meter.CreateObservableGauge("sidecar.reconcile.last_success", ObserveLastSuccess, "s",
            "When each venue's orders were last reconciled with the exchange's, Unix seconds");
    }

    public Reconciler(VenueDirectory venues, HttpMessageInvoker client, TimeSpan timeout, AlertSink alerts, AuditLog? audit, ILogger<Reconciler> logger, TimeProvider time)
    {
        _venues = venues;
        _client = client;
        _timeout = timeout;
        _alerts = alerts;
        _audit = audit;
        _logger = logger;
        _time = time;
    }

    /// <summary>Each reconciled venue's status, and why the others are not reconciled.</summary>
    public IReadOnlyList<VenueReconcileStatus.Snapshot> Statuses
    {
        get
        {
            lock (_watches)
            {
                return [.. _watches.Values.Select(w => w.Status.Read())];
            }
        }
    }

    /// <summary>Why a configured venue is not reconciled, by venue; the reconciled ones are not listed.</summary>
    public IReadOnlyDictionary<string, string> NotReconciled(VenueTable table)
    {
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var venue in table.All)
        {
            if (WhyNot(venue) is { } reason)
            {
                reasons[venue.Name] = reason;
            }
        }

        return reasons;
    }

    /// <summary>Starts a poll loop for every venue to reconcile; the first poll is one interval after start-up.</summary>
    public void Start()
    {
        Running.TryAdd(this, 0);
        Adopt(_venues.Current);
        _venues.Replaced += Adopt;
    }

    public async ValueTask DisposeAsync()
    {
        Running.TryRemove(this, out _);
        _venues.Replaced -= Adopt;
        await _stopping.CancelAsync();
        Task[] loops;
        lock (_watches)
        {
            loops = [.. _watches.Values.Select(w => w.Loop)];
        }

        try
        {
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stopping.Dispose();
    }

    private static string? WhyNot(Venue venue) =>
        venue.IsWebSocket ? "a WebSocket venue: its orders are reconciled by the REST venue whose limits it shares"
        : !venue.Reconciles ? "Reconcile:IntervalSeconds is 0"
        : venue.Exchange.OrderHistory.UnavailableReason;

    /// <summary>After a reload: venues that still reconcile the same account on the same interval keep their loop and state.</summary>
    private void Adopt(VenueTable table)
    {
        lock (_watches)
        {
            var keep = new HashSet<string>(StringComparer.Ordinal);
            foreach (var venue in table.All)
            {
                if (WhyNot(venue) is not null)
                {
                    continue;
                }

                keep.Add(venue.Name);
                if (_watches.TryGetValue(venue.Name, out var watch) && ReferenceEquals(watch.Venue.Orders, venue.Orders)
                    && watch.Status.IntervalSeconds == venue.Definition.Reconcile.IntervalSeconds)
                {
                    watch.Venue = venue;
                    continue;
                }

                watch?.Stop();
                var started = new Watch(venue, new VenueReconcileStatus(venue.Name, venue.Definition.Reconcile.IntervalSeconds), StartMs(venue),
                    CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
                started.Loop = RunAsync(started);
                _watches[venue.Name] = started;
            }

            foreach (var name in _watches.Keys.Where(name => !keep.Contains(name)).ToList())
            {
                _watches[name].Stop();
                _watches.Remove(name);
            }
        }
    }

    private long StartMs(Venue venue) => _time.GetUtcNow().ToUnixTimeMilliseconds() + venue.Clock.OffsetMilliseconds;

    private async Task RunAsync(Watch watch)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(watch.Status.IntervalSeconds), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(watch.Stopping.Token))
            {
                await PollAsync(watch, watch.Stopping.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping, or the venue was removed by a reload.
        }
        finally
        {
            watch.Stopping.Dispose();
        }
    }

    /// <summary>One poll: read the exchange's orders, report those Sidecar never signed, record the outcome.</summary>
    internal async Task PollAsync(Watch watch, CancellationToken cancellationToken)
    {
        var venue = watch.Venue;
        var history = venue.Exchange.OrderHistory;
        var started = _time.GetUtcNow();
        var nowMs = started.ToUnixTimeMilliseconds() + venue.Clock.OffsetMilliseconds;
        var symbols = new SortedSet<string>(venue.Definition.Limits.Symbols, StringComparer.Ordinal);
        var signedSymbols = venue.Orders.TakeSymbols();
        symbols.UnionWith(signedSymbols);
        var since = (watch.LastSuccessMs ?? watch.StartMs) - (watch.Status.IntervalSeconds * 1000L);
        var seen = new List<(ExchangeOrder Order, HistoryRequest Request)>();
        foreach (var request in history.Requests(new HistoryQuery(venue.SignedHost, symbols, since, nowMs)))
        {
            var (orders, problem) = await ReadAsync(venue, history, request, cancellationToken);
            if (problem is not null)
            {
                venue.Orders.ReturnSymbols(signedSymbols);
                watch.Status.Failed(_time.GetUtcNow(), problem);
                Log.Failed(_logger, venue.Name, problem);
                return;
            }

            foreach (var order in orders!)
            {
                seen.Add((order with { Symbol = order.Symbol ?? request.Symbol }, request));
            }
        }

        var reported = Judge(watch, venue, seen);
        watch.LastSuccessMs = nowMs;
        var distinct = seen.Select(s => s.Order.OrderId).Distinct(StringComparer.Ordinal).Count();
        var result = string.Create(CultureInfo.InvariantCulture, $"{distinct} orders read, {(reported == 0 ? "none" : reported.ToString(CultureInfo.InvariantCulture))} unknown");
        watch.Status.Succeeded(_time.GetUtcNow(), result, reported);
        Log.Succeeded(_logger, venue.Name, distinct, reported);
    }

    /// <summary>
    /// Orders Sidecar did not sign, created after it started, are suspects; a suspect still unmatched one poll later
    /// is reported (its answer cannot still be on its way). Returns how many were reported.
    /// </summary>
    private int Judge(Watch watch, Venue venue, List<(ExchangeOrder Order, HistoryRequest Request)> seen)
    {
        var reported = 0;
        foreach (var (id, (order, request)) in watch.Suspects.ToList())
        {
            watch.Suspects.Remove(id);
            if (!venue.Orders.Knows(order) && watch.Reported.Add(id))
            {
                Report(venue, order, request);
                reported++;
            }
        }

        var firstPoll = watch.Baseline is null;
        watch.Baseline ??= new HashSet<string>(StringComparer.Ordinal);
        foreach (var (order, request) in seen)
        {
            var id = order.OrderId;
            if (watch.Reported.Contains(id) || venue.Orders.Knows(order))
            {
                continue;
            }

            // An order from before Sidecar started is not judged: by its creation time, or, where the exchange does not
            // give one, by having been there at the first poll.
            var old = order.CreatedMs is { } created ? created < watch.StartMs : firstPoll || watch.Baseline.Contains(id);
            if (old)
            {
                watch.Baseline.Add(id);
                continue;
            }

            watch.Suspects.TryAdd(id, (order, request));
        }

        return reported;
    }

    private void Report(Venue venue, ExchangeOrder order, HistoryRequest request)
    {
        var symbol = order.Symbol ?? "?";
        var clientOrderId = order.ClientOrderId ?? "(none)";
        Log.Unknown(_logger, venue.Name, symbol, order.OrderId, clientOrderId);
        UnknownOrders.Add(1, new KeyValuePair<string, object?>("venue", venue.Name));
        _alerts.Raise(AlertEvents.UnknownOrder, "critical", venue.Name,
            $"venue '{venue.Name}': order {order.OrderId} (symbol {symbol}, client order id {clientOrderId}) is at the exchange, but Sidecar never signed it: the key '{venue.Credentials.Key.Label}' is used somewhere else; if the order is not yours, revoke the key at the exchange",
            subject: order.OrderId);
        _audit?.Append(new AuditRecord
        {
            Time = _time.GetUtcNow(),
            Venue = venue.Name,
            Method = request.Method,
            Path = request.Path,
            KeyLabel = venue.Credentials.Key.Label,
            Decision = "unknown_order",
            Rule = "reconcile",
            Order = new OrderFields { Symbol = order.Symbol, ClientOrderId = order.ClientOrderId },
            ExchangeOrderId = order.OrderId,
        });
    }

    private async Task<(IReadOnlyList<ExchangeOrder>? Orders, string? Problem)> ReadAsync(Venue venue, OrderHistory history, HistoryRequest request, CancellationToken cancellationToken)
    {
        var path = System.Text.Encoding.ASCII.GetBytes(request.Path);
        var query = System.Text.Encoding.ASCII.GetBytes(request.Query);
        var endpoint = venue.Exchange.Endpoints.Find(request.Method, path);
        var governor = venue.Limits.Governor;
        Governor.Admission admission = default;
        if (governor?.Admit(endpoint, path, query, System.Text.Encoding.UTF8.GetBytes(request.Body), OrderRead.None, out admission) is { } held)
        {
            return (null, $"{request} not sent: the venue is held by {held.Rule} for {Math.Ceiling(held.RetryAfter.TotalSeconds)} s");
        }

        ReadOnlyRequest.Answer answer;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            var call = new ReadOnlyRequest.Call(request.Method, request.Path, request.Query, request.Body, request.Format, UserAgent, MaxAnswerBytes);
            answer = await ReadOnlyRequest.SendAsync(call, venue, _client, _time.GetUtcNow().ToUnixTimeMilliseconds() + venue.Clock.OffsetMilliseconds, timeout.Token,
                response => Governor.RateLimitHeaders.Observe(governor, admission, response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"{request}: no answer within {_timeout.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException ex)
        {
            return (null, $"{request}: {ex.HttpRequestError}");
        }
        catch (Signing.SigningKeyUnavailableException)
        {
            return (null, $"{request}: the HSM could not sign it");
        }

        if (answer.Problem is not null)
        {
            return (null, answer.Problem);
        }

        var json = answer.Json!.Value;
        if (answer.Status is < 200 or > 299)
        {
            history.Parse(request, json, out var error);
            return (null, $"{request} answered HTTP {answer.Status}: {Shorten(error)}");
        }

        var orders = history.Parse(request, json, out var parseError);
        return orders is null ? (null, $"{request}: {Shorten(parseError)}") : (orders, null);
    }

    // The exchange's message is echoed bounded and printable; it never carries the secret (the exchange never had it).
    private static string Shorten(string? text) => text is null ? "no message" : SafeText.Printable(text.Length > 160 ? text[..160] : text);

    private static IEnumerable<Measurement<long>> ObserveLastSuccess()
    {
        foreach (var reconciler in Running.Keys)
        {
            foreach (var status in reconciler.Statuses)
            {
                if (status.LastSuccess is { } last)
                {
                    yield return new Measurement<long>(last.ToUnixTimeSeconds(), new KeyValuePair<string, object?>("venue", status.Venue));
                }
            }
        }
    }

    /// <summary>One venue's poll loop and what it remembers between polls.</summary>
    internal sealed class Watch(Venue venue, VenueReconcileStatus status, long startMs, CancellationTokenSource stopping)
    {
        public Venue Venue { get; set; } = venue;

        public VenueReconcileStatus Status { get; } = status;

        /// <summary>When reconciliation of the venue started, in the exchange's time: older orders are not judged.</summary>
        public long StartMs { get; } = startMs;

        public long? LastSuccessMs { get; set; }

        public CancellationTokenSource Stopping { get; } = stopping;

        public Task Loop { get; set; } = Task.CompletedTask;

        /// <summary>Orders unmatched at the last poll, by exchange id, with the request that listed them.</summary>
        public Dictionary<string, (ExchangeOrder Order, HistoryRequest Request)> Suspects { get; } = new(StringComparer.Ordinal);

        /// <summary>Orders reported already: never again.</summary>
        public HashSet<string> Reported { get; } = new(StringComparer.Ordinal);

        /// <summary>Orders without a creation time present at the first poll; null before it.</summary>
        public HashSet<string>? Baseline { get; set; }

        public void Stop()
        {
            try
            {
                Stopping.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The loop has ended already.
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ReconcileSucceeded, LogLevel.Debug, "Venue {Venue}: reconciled {Orders} orders with the exchange's, {Unknown} unknown")]
        public static partial void Succeeded(ILogger logger, string venue, int orders, int unknown);

        [LoggerMessage(EventIds.ReconcileFailed, LogLevel.Warning, "Venue {Venue}: the exchange's orders could not be read for reconciliation: {Problem}")]
        public static partial void Failed(ILogger logger, string venue, string problem);

        [LoggerMessage(EventIds.UnknownOrder, LogLevel.Critical, "Venue {Venue}: order {OrderId} (symbol {Symbol}, client order id {ClientOrderId}) is at the exchange but Sidecar never signed it: the key is used somewhere else")]
        public static partial void Unknown(ILogger logger, string venue, string symbol, string orderId, string clientOrderId);
    }
}
