using System.Diagnostics;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// The one way tests wait for what another thread or process does: look at a condition until it holds, and fail
/// naming what was awaited when it does not in time. A fixed sleep instead waits too long on a quiet machine and
/// not long enough on a loaded one; waiting for something that must NOT happen is done by advancing a fake clock
/// (<see cref="TestClock"/>), or by first awaiting a sign that the code which could do it has already run.
/// </summary>
internal static class Eventually
{
    /// <summary>What a condition gets unless its test says otherwise: ample on the shared, loaded 2-core machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Between two looks: short beside what is awaited, long enough not to load the machine with looking.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    /// <summary>Waits until <paramref name="condition"/> holds; fails saying "<paramref name="awaited"/>" did not happen.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string awaited, TimeSpan? timeout = null) =>
        await UntilAsync(condition, static holds => holds, awaited, timeout);

    /// <inheritdoc cref="UntilAsync(Func{Task{bool}}, string, TimeSpan?)"/>
    public static Task UntilAsync(Func<bool> condition, string awaited, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), awaited, timeout);

    /// <summary>
    /// Probes until <paramref name="done"/> accepts what <paramref name="probe"/> returned, and returns that; fails
    /// with the last value seen otherwise.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string awaited, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (waited.Elapsed > limit)
            {
                Assert.Fail(TimedOut(awaited, limit, typeof(T) == typeof(bool) ? null : value));
            }

            await Task.Delay(Interval);
        }
    }

    /// <summary>The blocking form, for set-up code that cannot await.</summary>
    public static void Until(Func<bool> condition, string awaited, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > limit)
            {
                Assert.Fail(TimedOut(awaited, limit, null));
            }

            Thread.Sleep(Interval);
        }
    }

    private static string TimedOut(string awaited, TimeSpan limit, object? last) =>
        $"waited {limit.TotalSeconds:0.#} s for {awaited}" + (last is null ? "" : $"; last seen: {last}");
}
