using Sidecar.Signing.RateLimits;

namespace Sidecar.Governor;

/// <summary>
/// One window of one exchange limit, as Sidecar knows it: what it has sent in the window (counted when it admits
/// a request) raised to what the exchange's headers say is used (the exchange counts every client behind the IP or
/// account), against the limit the exchange published or documents. Not thread-safe: its
/// <see cref="WeightGovernor"/> holds one lock around every use.
/// </summary>
internal sealed class Budget
{
    private readonly long _intervalMs;
    private long _limit;
    private double _used;
    private long _windowStartMs;
    private long _windowEndMs;
    private long _lastMs;
    private bool _nearRaised;

    public Budget(RateLimit rule, string endpoint)
    {
        Rule = rule;
        Endpoint = endpoint;
        _limit = rule.Limit;
        _intervalMs = (long)rule.Interval.TotalMilliseconds;
    }

    public RateLimit Rule { get; }

    /// <summary>The endpoint-table row whose budget this is (<c>GET /api/v5/trade/**</c>), or <c>*</c> for the venue's.</summary>
    public string Endpoint { get; }

    /// <summary>The limit in force: published or reported by the exchange, else documented; 0 while unknown.</summary>
    public long Limit => _limit;

    /// <summary>How it is named in a refusal's rule, the metric and the alert: <c>exchange weight 1m</c>.</summary>
    public string Name => Endpoint == "*" ? $"exchange {Rule}" : $"exchange {Rule} {Endpoint}";

    /// <summary>The used amount at <paramref name="nowMs"/> (exchange time), after the window rolled or the counter decayed.</summary>
    public double UsedAt(long nowMs)
    {
        Advance(nowMs);
        return _used;
    }

    /// <summary>When the window resets (fixed windows), in exchange Unix milliseconds.</summary>
    public long WindowEndMs => _windowEndMs;

    /// <summary>
    /// Whether <paramref name="cost"/> more stays within the limit less the reserve; if not, how long until it would.
    /// A request on an empty window always fits: a limit smaller than one request's cost would otherwise hold it forever.
    /// </summary>
    public bool Fits(double cost, double reserve, long nowMs, out TimeSpan retryAfter)
    {
        Advance(nowMs);
        retryAfter = TimeSpan.Zero;
        var ceiling = _limit * (1 - reserve);
        if (cost <= 0 || _limit <= 0 || _used == 0 || _used + cost <= ceiling)
        {
            return true;
        }

        retryAfter = Rule.DecayPerSecond > 0
            ? TimeSpan.FromSeconds((_used + cost - ceiling) / Rule.DecayPerSecond)
            : TimeSpan.FromMilliseconds(Math.Max(0, _windowEndMs - nowMs));
        return false;
    }

    public void Charge(double cost, long nowMs)
    {
        Advance(nowMs);
        _used += cost;
    }

    /// <summary>
    /// The exchange's count, this request included (Binance <c>X-MBX-USED-WEIGHT-1M</c>). Taken when it is more than
    /// Sidecar's own (other clients on the IP), and only for a request sent in the current window: an answer that
    /// arrives after the window rolled reports the old one.
    /// </summary>
    public void ObserveUsed(double used, long admittedMs, long nowMs)
    {
        Advance(nowMs);
        if (Rule.DecayPerSecond > 0 || admittedMs >= _windowStartMs)
        {
            _used = Math.Max(_used, used);
        }
    }

    /// <summary>The exchange's remaining amount (Bybit, Gate, KuCoin): used is the limit less it.</summary>
    public void ObserveRemaining(long remaining, long admittedMs, long nowMs)
    {
        if (_limit > 0)
        {
            ObserveUsed(Math.Max(0, _limit - remaining), admittedMs, nowMs);
        }
    }

    /// <summary>The limit the exchange published or reported; it replaces the documented one.</summary>
    public void ObserveLimit(long limit)
    {
        if (limit > 0)
        {
            _limit = limit;
        }
    }

    /// <summary>When the exchange says the window resets; a time already past (Gate's "now" when not exceeded) says nothing.</summary>
    public void ObserveReset(long resetMs, long nowMs)
    {
        Advance(nowMs);
        if (Rule.DecayPerSecond <= 0 && resetMs > nowMs)
        {
            _windowEndMs = resetMs;
        }
    }

    /// <summary>True once when the budget reaches <paramref name="fraction"/> of its limit; again after it fell below.</summary>
    public bool CrossedNear(double fraction, long nowMs)
    {
        Advance(nowMs);
        var near = _limit > 0 && _used >= _limit * fraction;
        var crossed = near && !_nearRaised;
        _nearRaised = near;
        return crossed;
    }

    private void Advance(long nowMs)
    {
        if (Rule.DecayPerSecond > 0)
        {
            if (_lastMs != 0 && nowMs > _lastMs)
            {
                _used = Math.Max(0, _used - (Rule.DecayPerSecond * (nowMs - _lastMs) / 1000.0));
            }

            _lastMs = Math.Max(_lastMs, nowMs);
            return;
        }

        if (nowMs >= _windowEndMs)
        {
            // Windows start on multiples of the interval in the exchange's time (a 1 MINUTE window every minute).
            _used = 0;
            _windowStartMs = nowMs - (nowMs % _intervalMs);
            _windowEndMs = _windowStartMs + _intervalMs;
        }
    }
}
