namespace Sidecar.FakeExchange.Security;

/// <summary>The fake's clock: UTC now plus a fixed offset, so tests can make the exchange run ahead or behind.</summary>
internal sealed class ServerClock(TimeProvider time, TimeSpan offset)
{
    public long NowMilliseconds => (time.GetUtcNow() + offset).ToUnixTimeMilliseconds();
}
