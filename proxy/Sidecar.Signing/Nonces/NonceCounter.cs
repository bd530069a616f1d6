namespace Sidecar.Signing.Nonces;

/// <summary>
/// A strictly increasing counter that follows a clock (Kraken and Bitfinex want microsecond- or millisecond-time
/// nonces) and never goes back, even when the clock does or the process restarts.
/// <para>
/// Concurrent callers race on one compare-exchange; no locks on the hot path. Restarts: before handing out a nonce
/// at or past the persisted lease, the counter writes a new lease end (current + <c>leaseSpan</c>) to its state file
/// and only then returns. A restarted process starts from the persisted lease end, which is above every nonce ever
/// returned. One small durable write per lease span of nonces — not per request.
/// </para>
/// </summary>
public sealed class NonceCounter : INonceSource
{
    private readonly string? _stateFile;
    private readonly long _leaseSpan;
    private readonly Lock _leaseLock = new();
    private long _last;
    private long _leaseEnd;

    /// <param name="stateFile">Where the lease is kept; null keeps nothing (tests, or clocks trusted not to step back).</param>
    /// <param name="leaseSpan">How far ahead each persisted lease reaches, in the nonce's own unit.</param>
    public NonceCounter(string? stateFile, long leaseSpan)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(leaseSpan, 1);
        _stateFile = stateFile;
        _leaseSpan = leaseSpan;
        _last = ReadFloor(stateFile);
        _leaseEnd = _last;
    }

    /// <summary>
    /// The largest clock value (or bot nonce) the counter follows: anything above it is ignored, so an absurd bot
    /// nonce can neither overflow the counter nor push every later nonce out of the exchange's range.
    /// </summary>
    public const long MaxFollowed = long.MaxValue / 2;

    /// <summary>The highest nonce handed out (or the persisted floor before the first).</summary>
    public long Last => Volatile.Read(ref _last);

    public long Next(long now)
    {
        while (true)
        {
            var last = Volatile.Read(ref _last);
            var next = now is > 0 and <= MaxFollowed ? Math.Max(now, last + 1) : last + 1;
            if (next >= Volatile.Read(ref _leaseEnd))
            {
                ExtendLease(next);
            }

            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return next;
            }
        }
    }

    private void ExtendLease(long next)
    {
        lock (_leaseLock)
        {
            if (next < _leaseEnd)
            {
                return;
            }

            var end = next + _leaseSpan;
            if (_stateFile is not null)
            {
                var temporary = _stateFile + ".tmp";
                using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64, FileOptions.WriteThrough))
                using (var writer = new StreamWriter(stream))
                {
                    writer.Write(end.ToString(CultureInfo.InvariantCulture));
                    writer.Flush();
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temporary, _stateFile, overwrite: true);
            }

            Volatile.Write(ref _leaseEnd, end);
        }
    }

    private static long ReadFloor(string? stateFile)
    {
        if (stateFile is null || !File.Exists(stateFile))
        {
            return 0;
        }

        var text = File.ReadAllText(stateFile).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var floor)
            ? floor
            : throw new InvalidDataException($"nonce state file '{stateFile}' does not hold a number");
    }
}
