using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> set to now (timestamps Sidecar signs and key dates look like today's) that
/// also counts the waits armed on it, by length. Advancing ends only the waits already armed — one armed a moment
/// later counts from the new time and never ends — so a test that must advance past a component's wait first
/// awaits that wait's arming (<see cref="Armed"/>), which also tells that the component is done with what came
/// before it. An advance fires each due timer once, at the new time: a periodic timer ticks once per advance,
/// however many periods it spans, so time that should tick it repeatedly is moved on in steps
/// (<see cref="AdvanceInSteps"/>).
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    private readonly ConcurrentDictionary<TimeSpan, int> _armed = new();

    public TestClock() => SetUtcNow(DateTimeOffset.UtcNow);

    /// <summary>Moves the clock on by <paramref name="span"/>, <paramref name="step"/> at a time: periodic timers tick at each step.</summary>
    public void AdvanceInSteps(TimeSpan span, TimeSpan step)
    {
        for (var moved = TimeSpan.Zero; moved < span; moved += step)
        {
            Advance(step);
        }
    }

    /// <summary>How many timers and delays of exactly <paramref name="dueTime"/> have been started on this clock.</summary>
    public int Armed(TimeSpan dueTime) => _armed.GetValueOrDefault(dueTime);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new CountingTimer(this, base.CreateTimer(callback, state, dueTime, period));
        Count(dueTime);
        return timer;
    }

    // Counted once armed, never before: a test that sees the count may advance at once.
    private void Count(TimeSpan dueTime)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _armed.AddOrUpdate(dueTime, 1, static (_, count) => count + 1);
        }
    }

    private sealed class CountingTimer(TestClock clock, ITimer timer) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = timer.Change(dueTime, period);
            clock.Count(dueTime);
            return changed;
        }

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }
}
