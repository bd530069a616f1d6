using Sidecar.Signing;

namespace Sidecar.Pkcs11;

/// <summary>
/// Sessions opened and logged in at start-up, so the hot path never calls C_OpenSession. A semaphore bounds the
/// wait for a free session; a lock-protected array hands them out (no allocation per rent/return), a session whose
/// sign was begun ahead for the renting key first (<see cref="HsmKey.PrepareNextSign"/>), then one with no
/// operation active, then any (its begun sign is ended by the renter). A pool holds a handful of sessions
/// (<see cref="HsmSettings.SessionCount"/>), so the scan under the lock is a few comparisons.
/// </summary>
internal sealed class HsmSessionPool : IDisposable
{
    private readonly HsmSession[] _free;
    private readonly HsmSession[] _all;
    private readonly SemaphoreSlim _available;
    private readonly Lock _lock = new();
    private readonly TimeSpan _waitTimeout;
    private int _count;

    public HsmSessionPool(IReadOnlyList<HsmSession> sessions, TimeSpan waitTimeout)
    {
        _free = [.. sessions];
        _all = [.. sessions];
        _count = _free.Length;
        _available = new SemaphoreSlim(_count, _count);
        _waitTimeout = waitTimeout;
    }

    public int Size => _free.Length;

    /// <summary>Every session, rented or not: the watchdog reads their sign slots.</summary>
    public ReadOnlySpan<HsmSession> All => _all;

    /// <summary>Waits for a free session, preferring one prepared for <paramref name="key"/>.</summary>
    public HsmSession Rent(HsmKey key, ulong handle)
    {
        if (!_available.Wait(_waitTimeout))
        {
            throw new SigningKeyUnavailableException(
                $"No HSM session became free within {_waitTimeout.TotalMilliseconds:0} ms (pool of {_free.Length}).");
        }

        lock (_lock)
        {
            var unprepared = -1;
            for (var i = _count - 1; i >= 0; i--)
            {
                var session = _free[i];
                if (session.IsPreparedFor(key, handle))
                {
                    return TakeLocked(i);
                }

                if (unprepared < 0 && session.PreparedFor is null)
                {
                    unprepared = i;
                }
            }

            return TakeLocked(unprepared >= 0 ? unprepared : _count - 1);
        }
    }

    /// <summary>
    /// A free session with no operation active, to begin <paramref name="key"/>'s next sign in; null, without
    /// waiting, when every session is busy or begun for another key, or when a free one is already prepared for
    /// this key (one is enough: each sign prepares the next).
    /// </summary>
    public HsmSession? TryRentToPrepare(HsmKey key, ulong handle)
    {
        if (!_available.Wait(0))
        {
            return null;
        }

        lock (_lock)
        {
            var unprepared = -1;
            for (var i = _count - 1; i >= 0; i--)
            {
                var session = _free[i];
                if (session.IsPreparedFor(key, handle))
                {
                    unprepared = -1;
                    break;
                }

                if (unprepared < 0 && session.PreparedFor is null)
                {
                    unprepared = i;
                }
            }

            if (unprepared >= 0)
            {
                return TakeLocked(unprepared);
            }
        }

        _available.Release();
        return null;
    }

    public void Return(HsmSession session)
    {
        lock (_lock)
        {
            _free[_count++] = session;
        }

        _available.Release();
    }

    public void Dispose() => _available.Dispose();

    private HsmSession TakeLocked(int index)
    {
        var session = _free[index];
        _free[index] = _free[--_count];
        return session;
    }
}
