using Sidecar.Signing;

namespace Sidecar.Pkcs11;

/// <summary>
/// Sessions opened and logged in at start-up, so the hot path never calls C_OpenSession. A semaphore bounds the
/// wait for a free session; a lock-protected array stack hands them out (no allocation per rent/return).
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

    public HsmSession Rent()
    {
        if (!_available.Wait(_waitTimeout))
        {
            throw new SigningKeyUnavailableException(
                $"No HSM session became free within {_waitTimeout.TotalMilliseconds:0} ms (pool of {_free.Length}).");
        }

        lock (_lock)
        {
            return _free[--_count];
        }
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
}
