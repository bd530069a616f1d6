using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Sidecar.Policy;

/// <summary>
/// A venue's request and order rate limits, plus the exchange's own back-off: after an upstream 429 or 418 with
/// Retry-After, nothing more is signed for the venue until that time has passed.
/// </summary>
internal sealed class VenueLimits
{
    private readonly TokenBucket? _requests;
    private readonly RollingWindowLimit? _orders;
    private readonly TimeProvider _clock;
    private long _blockedUntilTicks;

    public VenueLimits(PolicyOptions options, TimeProvider clock)
    {
        Options = options;
        _clock = clock;
        _requests = options.RequestsPerSecond > 0 ? new TokenBucket(options.RequestsPerSecond, Math.Max(1, options.Burst), clock) : null;
        _orders = options.OrdersPer10Seconds > 0 ? new RollingWindowLimit(options.OrdersPer10Seconds, TimeSpan.FromSeconds(10), clock) : null;
    }

    /// <summary>The rates these limits were built from.</summary>
    public PolicyOptions Options { get; }

    /// <summary>
    /// The limits a reloaded venue runs with. Unchanged rate limits keep these very buckets, so a reload is no
    /// way around them; changed ones start full. The exchange's own back-off (Retry-After) always carries over:
    /// the exchange's view of the key did not change because the file did.
    /// </summary>
    public VenueLimits ReloadedWith(PolicyOptions previousOptions, PolicyOptions options)
    {
        if (SameRates(previousOptions, options))
        {
            return this;
        }

        var next = new VenueLimits(options, _clock);
        Interlocked.Exchange(ref next._blockedUntilTicks, Interlocked.Read(ref _blockedUntilTicks));
        return next;
    }

    private static bool SameRates(PolicyOptions a, PolicyOptions b) =>
        a.RequestsPerSecond.Equals(b.RequestsPerSecond) && a.Burst == b.Burst && a.OrdersPer10Seconds == b.OrdersPer10Seconds;

    /// <summary>Null when the request may go; otherwise the rule and how long the bot should wait.</summary>
    public (string Rule, TimeSpan RetryAfter)? Check(bool signed, bool placesOrders)
    {
        if (signed)
        {
            var blockedUntil = new DateTimeOffset(Interlocked.Read(ref _blockedUntilTicks), TimeSpan.Zero);
            var now = _clock.GetUtcNow();
            if (blockedUntil > now)
            {
                return ("exchange Retry-After", blockedUntil - now);
            }
        }

        if (_requests is not null && !_requests.TryTake(out var wait))
        {
            return ("RequestsPerSecond", wait);
        }

        if (placesOrders && _orders is not null && !_orders.TryTake(out var orderWait))
        {
            return ("OrdersPer10Seconds", orderWait);
        }

        return null;
    }

    /// <summary>Records the exchange's back-off from a 429/418 answer's Retry-After (seconds or HTTP date).</summary>
    public void ObserveUpstream(int status, string? retryAfter)
    {
        if (status is not (429 or 418) || string.IsNullOrEmpty(retryAfter))
        {
            return;
        }

        DateTimeOffset until;
        if (int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            until = _clock.GetUtcNow().AddSeconds(seconds);
        }
        else if (HeaderUtilities.TryParseDate(retryAfter, out var date))
        {
            until = date;
        }
        else
        {
            return;
        }

        long current;
        do
        {
            current = Interlocked.Read(ref _blockedUntilTicks);
            if (until.UtcTicks <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _blockedUntilTicks, until.UtcTicks, current) != current);
    }
}
