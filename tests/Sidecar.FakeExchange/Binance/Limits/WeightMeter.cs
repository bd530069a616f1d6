namespace Sidecar.FakeExchange.Binance.Limits;

/// <summary>
/// One IP weight limit as Binance applies it (rest-api.md "IP Limits"): the weight used in the current minute
/// (windows start every minute of the server clock), told in <c>X-MBX-USED-WEIGHT-1M</c>; a request over the limit
/// answers 429 with Retry-After the seconds to the next minute; after <c>rejectionsBeforeBan</c> 429s in a row the IP
/// is banned, and every request answers 418 with Retry-After the seconds until the ban ends. Thread-safe.
/// </summary>
internal sealed class WeightMeter(TimeProvider time, TimeSpan offset, int limit, int rejectionsBeforeBan, TimeSpan banDuration)
{
    private readonly Lock _gate = new();
    private long _minute = -1;
    private int _used;
    private int _rejectionsInARow;
    private DateTimeOffset _bannedUntil;
    private int _rejections;
    private int _bans;

    public int Limit => limit;

    /// <summary>429s answered so far.</summary>
    public int Rejections => Volatile.Read(ref _rejections);

    /// <summary>418s answered so far.</summary>
    public int Bans => Volatile.Read(ref _bans);

    /// <summary>Weight used in the current minute.</summary>
    public int Used
    {
        get
        {
            lock (_gate)
            {
                Roll(Now());
                return _used;
            }
        }
    }

    /// <summary>Counts a request of <paramref name="weight"/>: its status (200 to go on, 429, 418), Retry-After seconds, and the weight used now.</summary>
    public (int Status, int RetryAfterSeconds, int Used) Charge(int weight)
    {
        lock (_gate)
        {
            var now = Now();
            Roll(now);
            if (now < _bannedUntil)
            {
                _bans++;
                return (418, Seconds(_bannedUntil - now), _used);
            }

            if (_used + weight > limit)
            {
                if (++_rejectionsInARow >= rejectionsBeforeBan)
                {
                    _bannedUntil = now + banDuration;
                    _bans++;
                    return (418, Seconds(banDuration), _used);
                }

                _rejections++;
                var nextMinute = DateTimeOffset.FromUnixTimeMilliseconds((_minute + 1) * 60_000);
                return (429, Seconds(nextMinute - now), _used);
            }

            _rejectionsInARow = 0;
            _used += weight;
            return (200, 0, _used);
        }
    }

    private DateTimeOffset Now() => time.GetUtcNow() + offset;

    private void Roll(DateTimeOffset now)
    {
        var minute = now.ToUnixTimeMilliseconds() / 60_000;
        if (minute != _minute)
        {
            _minute = minute;
            _used = 0;
        }
    }

    private static int Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));
}
