using System.Globalization;
using Microsoft.Net.Http.Headers;
using Sidecar.Governor;
using Sidecar.Signing;
using Sidecar.Signing.Policy;

namespace Sidecar.Policy;

/// <summary>
/// A venue's request and order rate limits, the exchange's own limits (<see cref="WeightGovernor"/>), and the
/// exchange's back-off: after an upstream 429 or 418 with Retry-After, nothing more is signed for the venue until
/// that time has passed. Cancels are never held by Sidecar's own limits (a bot must always be able to get out of the
/// market); the exchange's back-off holds them too, as the exchange would refuse them and a request during its
/// back-off is what turns a 429 into an IP ban.
/// </summary>
internal sealed class VenueLimits
{
    private readonly TokenBucket? _requests;
    private readonly RollingWindowLimit? _orders;
    private readonly TimeProvider _clock;
    private long _blockedUntilTicks;

    public VenueLimits(PolicyOptions options, TimeProvider clock, WeightGovernor? governor = null)
    {
        Options = options;
        _clock = clock;
        Governor = governor;
        _requests = options.RequestsPerSecond > 0 ? new TokenBucket(options.RequestsPerSecond, Math.Max(1, options.Burst), clock) : null;
        _orders = options.OrdersPer10Seconds > 0 ? new RollingWindowLimit(options.OrdersPer10Seconds, TimeSpan.FromSeconds(10), clock) : null;
    }

    /// <summary>The rates these limits were built from.</summary>
    public PolicyOptions Options { get; }

    /// <summary>The exchange's own limits, as the exchange reports them; null where none are known (tests).</summary>
    public WeightGovernor? Governor { get; }

    /// <summary>
    /// The limits a reloaded venue runs with. Unchanged rate limits keep these very buckets, so a reload is no
    /// way around them; changed ones start full. The exchange's own back-off (Retry-After) always carries over:
    /// the exchange's view of the key did not change because the file did. So does the governor, given the same
    /// exchange host (<paramref name="governor"/>: the one to run with), with the new reserve.
    /// </summary>
    public VenueLimits ReloadedWith(PolicyOptions previousOptions, PolicyOptions options, WeightGovernor? governor)
    {
        if (governor is not null)
        {
            governor.Reserve = options.WeightReserve;
            governor.Enforce = options.ExchangeLimits;
        }

        if (SameRates(previousOptions, options) && ReferenceEquals(governor, Governor))
        {
            return this;
        }

        var next = new VenueLimits(options, _clock, governor);
        Interlocked.Exchange(ref next._blockedUntilTicks, Interlocked.Read(ref _blockedUntilTicks));
        return next;
    }

    private static bool SameRates(PolicyOptions a, PolicyOptions b) =>
        a.RequestsPerSecond.Equals(b.RequestsPerSecond) && a.Burst == b.Burst && a.OrdersPer10Seconds == b.OrdersPer10Seconds;

    /// <summary>
    /// Null when a request to <paramref name="endpoint"/> (its raw <paramref name="path"/>, query and form body, the
    /// orders it places) may go, and it is then counted; otherwise the rule and how long the bot should wait.
    /// <paramref name="admission"/> is what the exchange's answer is read against.
    /// </summary>
    public (string Rule, TimeSpan RetryAfter)? Check(ExchangeEndpoint endpoint, OrderRead orders, ReadOnlySpan<byte> path,
        ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, out Admission admission)
    {
        admission = default;
        var signed = endpoint.Access != EndpointAccess.Public;
        var placesOrders = orders.PlacesOrders;
        if (signed)
        {
            var blockedUntil = new DateTimeOffset(Interlocked.Read(ref _blockedUntilTicks), TimeSpan.Zero);
            var now = _clock.GetUtcNow();
            if (blockedUntil > now)
            {
                return ("exchange Retry-After", blockedUntil - now);
            }
        }

        if (!endpoint.Cancels && _requests is not null && !_requests.TryTake(out var wait))
        {
            return ("RequestsPerSecond", wait);
        }

        if (!endpoint.Cancels && placesOrders && _orders is not null && !_orders.TryTake(out var orderWait))
        {
            return ("OrdersPer10Seconds", orderWait);
        }

        return Governor?.Admit(endpoint, path, query, body, orders, out admission);
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
