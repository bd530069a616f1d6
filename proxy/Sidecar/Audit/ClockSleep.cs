namespace Sidecar.Audit;

/// <summary>
/// A blocking wait on a <see cref="TimeProvider"/>, for a thread of its own that cannot await (the audit writer
/// blocks in write and fsync, so it keeps off the thread pool). <c>Thread.Sleep</c> and <c>WaitOne(timeout)</c>
/// follow the real clock only; this waits for a timer of the given clock, so a test's fake clock ends the wait by
/// advancing. One timer and one event, reused for every wait.
/// </summary>
internal sealed class ClockSleep : IDisposable
{
    private readonly ManualResetEventSlim _elapsed = new(initialState: false);
    private readonly ITimer _timer;

    public ClockSleep(TimeProvider clock)
    {
        _timer = clock.CreateTimer(static state => ((ManualResetEventSlim)state!).Set(), _elapsed, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Blocks for <paramref name="delay"/> on the clock. False when <paramref name="cancellationToken"/> ended the wait first.</summary>
    public bool Sleep(TimeSpan delay, CancellationToken cancellationToken)
    {
        _elapsed.Reset();
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
        try
        {
            _elapsed.Wait(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return false;
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _elapsed.Dispose();
    }
}
