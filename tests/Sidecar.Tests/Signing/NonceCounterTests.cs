using System.Collections.Concurrent;
using Sidecar.Signing.Nonces;

namespace Sidecar.Tests.Signing;

public sealed class NonceCounterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sidecar-nonce-").FullName;

    [Fact]
    public async Task Nonces_strictly_increase_across_concurrent_callers()
    {
        var counter = new NonceCounter(Path.Combine(_dir, "n"), leaseSpan: 1000);
        var seen = new ConcurrentBag<long>();
        const long frozenClock = 1_700_000_000_000_000;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 5000; i++)
            {
                seen.Add(counter.Next(frozenClock));
            }
        })));

        Assert.Equal(40_000, seen.Distinct().Count());
        Assert.True(seen.Min() >= frozenClock);
    }

    [Fact]
    public void A_restart_never_repeats_a_nonce_even_when_the_clock_went_back()
    {
        var file = Path.Combine(_dir, "restart");
        var before = new NonceCounter(file, leaseSpan: 10_000);
        long last = 0;
        for (var i = 0; i < 100; i++)
        {
            last = before.Next(2_000_000 + i);
        }

        var after = new NonceCounter(file, leaseSpan: 10_000);
        var first = after.Next(1_000_000); // clock stepped back by a second

        Assert.True(first > last, $"{first} <= {last}");
    }

    [Fact]
    public void Follows_the_clock_when_it_is_ahead()
    {
        var counter = new NonceCounter(null, leaseSpan: 10);
        Assert.Equal(500, counter.Next(500));
        Assert.Equal(501, counter.Next(400));
        Assert.Equal(900, counter.Next(900));
    }

    [Fact]
    public void An_absurd_clock_or_bot_value_neither_overflows_nor_jumps_the_counter()
    {
        var counter = new NonceCounter(Path.Combine(_dir, "absurd"), leaseSpan: 1000);
        var first = counter.Next(1_700_000_000_000_000);

        Assert.Equal(first + 1, counter.Next(long.MaxValue));
        Assert.Equal(first + 2, counter.Next(-5));
        Assert.Equal(first + 3, counter.Next(first));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
