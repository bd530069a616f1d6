using System.Globalization;
using Sidecar.Alerts;
using Sidecar.Signing.Policy;
using Sidecar.Signing.RateLimits;

namespace Sidecar.Governor;

/// <summary>
/// Keeps a venue under the exchange's own limits before the exchange has to refuse it (Binance answers 429 and then
/// bans the IP with 418 for minutes to days). It tracks every limit of the venue's <see cref="RateLimitSet"/>: what
/// Sidecar sends, raised to what the exchange's headers report (the IP's or account's total, so bots behind one
/// address are governed together without a shared store). A request whose cost would take a limit past its value
/// less <c>Policy:WeightReserve</c> is held: answered 429 <c>rate_limited</c> with Retry-After the time until the
/// exchange's window resets, and nothing is sent. Cancels are never held (a bot must always be able to get out of
/// the market); they are counted. One governor per venue that keeps its own rate limits (<c>RateLimitsFrom</c>
/// shares it), kept across reloads: the exchange's view of the IP does not change with the file.
/// </summary>
internal sealed class WeightGovernor
{
    private readonly Lock _gate = new();
    private readonly Budget[] _venueBudgets;
    private readonly List<RateLimit> _endpointDefaults = [];
    private readonly Dictionary<ExchangeEndpoint, Budget[]> _endpointBudgets = new(ReferenceEqualityComparer.Instance);
    private readonly TimeProvider _clock;
    private readonly Clock.VenueClock _exchangeClock;
    private readonly AlertSink? _alerts;
    private double _reserve;
    private volatile bool _enforce = true;

    /// <param name="exchangeClock">The exchange's clock offset: windows start in the exchange's time.</param>
    public WeightGovernor(string venue, RateLimitSet limits, double reserve, TimeProvider clock, Clock.VenueClock exchangeClock, AlertSink? alerts)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limits.Headers.Count, GovernorDefaults.MaxHeaders);
        Venue = venue;
        Limits = limits;
        _reserve = reserve;
        _clock = clock;
        _exchangeClock = exchangeClock;
        _alerts = alerts;
        var budgets = new List<Budget>();
        foreach (var limit in limits.Limits)
        {
            if (limit.Scope == RateScope.Endpoint)
            {
                _endpointDefaults.Add(limit);
            }
            else
            {
                budgets.Add(new Budget(limit, "*"));
            }
        }

        _venueBudgets = [.. budgets];
    }

    /// <summary>The venue whose limits these are (the owner, when others share them).</summary>
    public string Venue { get; }

    public RateLimitSet Limits { get; }

    /// <summary><c>Policy:WeightReserve</c>: the fraction of each limit kept free for cancels; a reload may change it.</summary>
    public double Reserve
    {
        get => Volatile.Read(ref _reserve);
        set => Volatile.Write(ref _reserve, value);
    }

    /// <summary><c>Policy:ExchangeLimits</c>: false tracks and reports the limits but holds nothing; a reload may change it.</summary>
    public bool Enforce
    {
        get => _enforce;
        set => _enforce = value;
    }

    /// <summary>The exchange's time now, in Unix milliseconds.</summary>
    public long NowMs => _clock.GetUtcNow().ToUnixTimeMilliseconds() + _exchangeClock.OffsetMilliseconds;

    /// <summary>
    /// Admits a request to <paramref name="endpoint"/> (its raw <paramref name="path"/>, <paramref name="query"/> and
    /// form <paramref name="body"/> price it) and counts it, or holds it: the limit it would pass, and how long until
    /// the exchange's window has room again. A cancel is always admitted.
    /// </summary>
    public (string Rule, TimeSpan RetryAfter)? Admit(ExchangeEndpoint endpoint, ReadOnlySpan<byte> path, ReadOnlySpan<byte> query, ReadOnlySpan<byte> body,
        OrderRead orders, out Admission admission)
    {
        var weight = endpoint.Weight.Of(query, body);
        var orderCount = orders.Orders.Count > 0 ? orders.Orders.Count : orders.UnreadableReason is null ? 0 : 1;
        var now = NowMs;
        var reserve = Reserve;
        Budget? held = null;
        var retryAfter = TimeSpan.Zero;
        Budget? reported = null;
        Budget? near = null;
        lock (_gate)
        {
            var endpointBudgets = EndpointBudgets(endpoint, path);
            for (var pass = 0; pass < 2; pass++)
            {
                // Pass 0 checks every budget the request draws from; pass 1 charges them, once all have room.
                foreach (var budget in endpointBudgets)
                {
                    Visit(budget, pass, ref held, ref retryAfter, ref reported, ref near);
                }

                foreach (var budget in _venueBudgets)
                {
                    if (budget.Rule.Applies(path))
                    {
                        Visit(budget, pass, ref held, ref retryAfter, ref reported, ref near);
                    }
                }

                if (held is not null && !endpoint.Cancels && _enforce)
                {
                    admission = default;
                    return (held.Name, retryAfter);
                }
            }
        }

        admission = new Admission(now, reported);
        if (near is not null)
        {
            RaiseNear(near, now);
        }

        return null;

        void Visit(Budget budget, int pass, ref Budget? held, ref TimeSpan retryAfter, ref Budget? reported, ref Budget? near)
        {
            var cost = budget.Rule.Counts switch
            {
                RateCount.Weight => weight,
                RateCount.Orders => orderCount,
                _ => 1,
            };
            if (pass == 0)
            {
                if (!budget.Fits(cost, reserve, now, out var wait))
                {
                    held ??= budget;
                    if (wait > retryAfter)
                    {
                        retryAfter = wait;
                        held = budget;
                    }
                }

                return;
            }

            budget.Charge(cost, now);
            if (budget.Rule.Reported)
            {
                reported ??= budget;
            }

            if (budget.CrossedNear(GovernorDefaults.NearFraction, now))
            {
                near ??= budget;
            }
        }
    }

    /// <summary>
    /// Reads the exchange's answer to an admitted request: <paramref name="values"/> holds each of the set's headers'
    /// value (by index in <see cref="RateLimitSet.Headers"/>), -1 where the answer had none. Limits are read first, then
    /// used or remaining amounts, then resets.
    /// </summary>
    public void Observe(in Admission admission, ReadOnlySpan<long> values)
    {
        var headers = Limits.Headers;
        var now = NowMs;
        Budget? near = null;
        lock (_gate)
        {
            for (var field = 0; field < 3; field++)
            {
                for (var i = 0; i < headers.Count && i < values.Length; i++)
                {
                    if (values[i] < 0 || Stage(headers[i].Field) != field || Target(headers[i], admission) is not { } budget)
                    {
                        continue;
                    }

                    switch (headers[i].Field)
                    {
                        case RateHeaderField.Limit:
                            budget.ObserveLimit(values[i]);
                            break;
                        case RateHeaderField.Used:
                            budget.ObserveUsed(values[i], admission.AdmittedAtMs, now);
                            break;
                        case RateHeaderField.Remaining:
                            budget.ObserveRemaining(values[i], admission.AdmittedAtMs, now);
                            break;
                        case RateHeaderField.ResetAt:
                            // Seconds or milliseconds, told apart by size (10^11 s is the year 5138).
                            budget.ObserveReset(values[i] < 100_000_000_000 ? values[i] * 1000 : values[i], now);
                            break;
                        case RateHeaderField.ResetInMilliseconds:
                            budget.ObserveReset(now + values[i], now);
                            break;
                    }

                    if (budget.CrossedNear(GovernorDefaults.NearFraction, now))
                    {
                        near ??= budget;
                    }
                }
            }
        }

        if (near is not null)
        {
            RaiseNear(near, now);
        }
    }

    /// <summary>Takes the limits the exchange publishes (Binance <c>exchangeInfo</c>) for the budgets of the same window and count.</summary>
    public int Publish(IReadOnlyList<PublishedLimit> published)
    {
        var taken = 0;
        lock (_gate)
        {
            foreach (var limit in published)
            {
                foreach (var budget in _venueBudgets)
                {
                    if (budget.Rule.Window == limit.Window && budget.Rule.Counts == limit.Counts)
                    {
                        budget.ObserveLimit(limit.Limit);
                        taken++;
                    }
                }
            }
        }

        return taken;
    }

    /// <summary>Every budget's state now, for metrics and readiness.</summary>
    public List<BudgetState> Read()
    {
        var now = NowMs;
        var states = new List<BudgetState>();
        lock (_gate)
        {
            foreach (var budget in _venueBudgets)
            {
                states.Add(StateOf(budget, now));
            }

            foreach (var budgets in _endpointBudgets.Values)
            {
                foreach (var budget in budgets)
                {
                    states.Add(StateOf(budget, now));
                }
            }
        }

        return states;
    }

    private static BudgetState StateOf(Budget budget, long now)
    {
        var used = budget.UsedAt(now);
        var resetsIn = budget.Rule.DecayPerSecond > 0
            ? TimeSpan.FromSeconds(used / budget.Rule.DecayPerSecond)
            : TimeSpan.FromMilliseconds(Math.Max(0, budget.WindowEndMs - now));
        return new BudgetState(budget.Rule.Window, budget.Rule.Counts, budget.Endpoint, used, budget.Limit, resetsIn);
    }

    private static int Stage(RateHeaderField field) => field switch
    {
        RateHeaderField.Limit => 0,
        RateHeaderField.Used or RateHeaderField.Remaining => 1,
        _ => 2,
    };

    private Budget? Target(RateLimitHeader header, in Admission admission)
    {
        if (header.Limit is not { } limit)
        {
            return admission.Reported;
        }

        foreach (var budget in _venueBudgets)
        {
            if (ReferenceEquals(budget.Rule, limit))
            {
                return budget;
            }
        }

        return null;
    }

    // A row's own budgets, made on its first request: its own limit, else the set's per-endpoint defaults that cover it.
    private Budget[] EndpointBudgets(ExchangeEndpoint endpoint, ReadOnlySpan<byte> path)
    {
        if (_endpointBudgets.TryGetValue(endpoint, out var budgets))
        {
            return budgets;
        }

        var made = new List<Budget>();
        if (endpoint.OwnLimit is { } own)
        {
            made.Add(new Budget(own, endpoint.Pattern.Text));
        }
        else
        {
            foreach (var limit in _endpointDefaults)
            {
                if (limit.Applies(path))
                {
                    made.Add(new Budget(limit, endpoint.Pattern.Text));
                }
            }
        }

        budgets = [.. made];
        _endpointBudgets.Add(endpoint, budgets);
        return budgets;
    }

    private void RaiseNear(Budget budget, long now)
    {
        if (_alerts is null)
        {
            return;
        }

        double used;
        long limit;
        lock (_gate)
        {
            used = budget.UsedAt(now);
            limit = budget.Limit;
        }

        _alerts.Raise(AlertEvents.RateLimitNear, "warning", Venue, string.Create(CultureInfo.InvariantCulture,
            $"venue '{Venue}' has used {used:0.##} of the exchange's limit of {limit} ({budget.Name}); Sidecar holds requests beyond {limit * (1 - Reserve):0.##} (Policy:WeightReserve {Reserve:0.###}) until the window resets; slow the bot down"));
    }
}

/// <summary>One budget's state: the window, what it counts, the endpoint (<c>*</c>: the venue's), used, limit, time to reset.</summary>
internal readonly record struct BudgetState(string Window, RateCount Counts, string Endpoint, double Used, long Limit, TimeSpan ResetsIn);
