namespace Sidecar.FakeExchange.Binance.Limits;

/// <summary>
/// The spot "Unfilled Order Count" as Binance reports it on order answers: orders placed in the current 10 s window
/// (starting at 00, 10, 20 … s) and the current UTC day, as <c>X-MBX-ORDER-COUNT-10S</c> and <c>-1D</c>. Reported
/// only; the fake does not refuse on it.
/// </summary>
internal sealed class OrderCounter(TimeProvider time, TimeSpan offset)
{
    private readonly Lock _gate = new();
    private long _tenSeconds = -1;
    private long _day = -1;
    private int _inTenSeconds;
    private int _inDay;

    public (int TenSeconds, int Day) Count()
    {
        lock (_gate)
        {
            var now = (time.GetUtcNow() + offset).ToUnixTimeMilliseconds();
            if (now / 10_000 != _tenSeconds)
            {
                _tenSeconds = now / 10_000;
                _inTenSeconds = 0;
            }

            if (now / 86_400_000 != _day)
            {
                _day = now / 86_400_000;
                _inDay = 0;
            }

            return (++_inTenSeconds, ++_inDay);
        }
    }
}
