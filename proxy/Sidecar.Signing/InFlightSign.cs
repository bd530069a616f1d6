namespace Sidecar.Signing;

/// <summary>
/// One sign the caller may give up on while the HSM call is still running. A PKCS#11 call cannot be interrupted,
/// so a hung HSM keeps the calling thread; what can be done is to answer the request early and make sure the late
/// signature is thrown away. The caller (the proxy) owns a pooled instance per request and sets it as the
/// thread's <see cref="Current"/> around its synchronous sign; the HSM layer arms it with the start of each native
/// call and records it in the session's slot, where its watchdog can see it.
/// <para>
/// The state is one word, CAS'd: 0 idle, the call's start timestamp while a native call runs,
/// <see cref="AbandoningState"/> for the instant the winning watchdog publishes the answer, then
/// <see cref="AbandonedState"/>. The watchdog abandons only the run it saw (same start timestamp), so a pooled
/// instance reused for another request is never abandoned by mistake. Nothing here allocates on the sign path.
/// </para>
/// </summary>
public abstract class InFlightSign
{
    private const long AbandonedState = -1;
    private const long AbandoningState = -2;

    [ThreadStatic]
    private static InFlightSign? t_current;

    private long _state;
    private Task? _answer;

    /// <summary>The sign running on this thread, if its caller registered one.</summary>
    public static InFlightSign? Current => t_current;

    /// <summary>True once a watchdog gave up on this sign and answered the request itself.</summary>
    public bool IsAbandoned => Volatile.Read(ref _state) is AbandonedState or AbandoningState;

    /// <summary>Makes this the thread's current sign. Pair with <see cref="End"/>.</summary>
    public void Begin()
    {
        Volatile.Write(ref _state, 0);
        _answer = null;
        t_current = this;
    }

    /// <summary>Clears the thread's current sign. Returns false when it was abandoned (the answer is already written).</summary>
    public bool End()
    {
        t_current = null;
        return !IsAbandoned;
    }

    /// <summary>The early answer's write, awaited by the request before it ends (never null once abandoned).</summary>
    public Task Answered
    {
        get
        {
            // The winner publishes the answer right after its CAS: a few instructions to wait for, at most.
            while (Volatile.Read(ref _state) == AbandoningState)
            {
                Thread.Yield();
            }

            return Volatile.Read(ref _answer) ?? Task.CompletedTask;
        }
    }

    /// <summary>Called by the HSM layer just before a native call. False: already abandoned, do not call.</summary>
    public bool Arm(long started) => Interlocked.CompareExchange(ref _state, started, 0) == 0;

    /// <summary>Called by the HSM layer when the native call returned. False: abandoned meanwhile, discard the result.</summary>
    public bool Disarm(long started) => Interlocked.CompareExchange(ref _state, 0, started) == started;

    /// <summary>
    /// Called by a watchdog that saw the native call started at <paramref name="started"/> run too long. Wins at most
    /// once per run; the winner starts the early answer.
    /// </summary>
    public bool TryAbandon(long started, string reason)
    {
        // A watchdog ticks again while the call stays stuck: only the first CAS wins, later ticks change nothing.
        if (Interlocked.CompareExchange(ref _state, AbandoningState, started) != started)
        {
            return false;
        }

        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _answer, answered.Task);
        Volatile.Write(ref _state, AbandonedState);

        _ = AnswerThenSignalAsync(reason, answered);
        return true;
    }

    /// <summary>Writes the early answer (503) for the request that is still stuck in the HSM call.</summary>
    protected abstract Task AnswerAbandonedAsync(string reason);

    private async Task AnswerThenSignalAsync(string reason, TaskCompletionSource answered)
    {
        try
        {
            await AnswerAbandonedAsync(reason);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away; nothing more to tell it.
        }
        finally
        {
            answered.TrySetResult();
        }
    }
}
