using System.Diagnostics;

namespace Sidecar.Policy;

/// <summary>A token bucket: <c>rate</c> tokens per second, at most <c>burst</c> saved up.</summary>
internal sealed class TokenBucket(double rate, int burst, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private double _tokens = burst;
    private long _last = clock.GetTimestamp();

    /// <summary>Takes a token, or says how long until one is available.</summary>
    public bool TryTake(out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            _tokens = Math.Min(burst, _tokens + (clock.GetElapsedTime(_last, now).TotalSeconds * rate));
            _last = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((1 - _tokens) / rate);
            return false;
        }
    }
}

/// <summary>At most <c>limit</c> events in any rolling window (a ring of the last <c>limit</c> event times).</summary>
internal sealed class RollingWindowLimit(int limit, TimeSpan window, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private readonly long[] _times = new long[limit];
    private int _next;
    private int _count;

    public bool TryTake(out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            if (_count == _times.Length)
            {
                var oldest = _times[_next];
                var age = clock.GetElapsedTime(oldest, now);
                if (age < window)
                {
                    retryAfter = window - age;
                    return false;
                }
            }
            else
            {
                _count++;
            }

            _times[_next] = now;
            _next = (_next + 1) % _times.Length;
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }
}
