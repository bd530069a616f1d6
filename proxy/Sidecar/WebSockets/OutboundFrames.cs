using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Sidecar.WebSockets;

/// <summary>
/// Everything that goes to the bot, in order, on one connection: the exchange's frames as they came and Sidecar's
/// own error frames. One writer drains it, so the bot's socket is never written from two places. Bounded by bytes
/// (<c>Limits:MaxWebSocketBufferBytes</c>): a bot that stops reading makes <see cref="TryAdd"/> fail, and the
/// connection is closed (1013) instead of buffering without end.
/// <para>
/// Relaying a frame allocates nothing once warm: frames up to <see cref="SlabBytes"/> are copied into arrays this
/// connection keeps for reuse (the shared pool would allocate here, as arrays are rented on the reading thread and
/// returned on the writing one), larger ones into the shared pool's; the channel reuses its reader. The writer runs
/// as a synchronous continuation of the frame's arrival, so while the bot keeps up a frame is sent on the thread that
/// received it, with no hop to another thread; only a bot that is slow makes frames wait here.
/// </para>
/// </summary>
internal sealed class OutboundFrames
{
    /// <summary>Most exchange frames (tickers, trades, order updates) are a few hundred bytes.</summary>
    private const int SlabBytes = 4096;

    /// <summary>Slabs kept for reuse: a bot that keeps up needs a handful; the rest of a burst's are let go.</summary>
    private const int MaxSpareSlabs = 256;

    private readonly Channel<Frame> _frames = Channel.CreateUnbounded<Frame>(new UnboundedChannelOptions
    {
        SingleReader = true,
        AllowSynchronousContinuations = true,
    });

    private readonly ConcurrentQueue<byte[]> _spare = new();
    private readonly long _budget;
    private long _queuedBytes;
    private volatile bool _dropping;

    public OutboundFrames(long budget)
    {
        _budget = budget;
    }

    /// <summary>Queues a copy of <paramref name="bytes"/>; false when the budget is spent (the bot is not reading).</summary>
    public bool TryAdd(ReadOnlySpan<byte> bytes, WebSocketMessageType type, bool endOfMessage)
    {
        if (Interlocked.Add(ref _queuedBytes, bytes.Length) > _budget)
        {
            Interlocked.Add(ref _queuedBytes, -bytes.Length);
            return false;
        }

        var copy = Rent(bytes.Length);
        bytes.CopyTo(copy);
        if (_frames.Writer.TryWrite(new Frame(copy, bytes.Length, type, endOfMessage)))
        {
            return true;
        }

        Return(copy);
        Interlocked.Add(ref _queuedBytes, -bytes.Length);
        return false;
    }

    /// <summary>No more frames: the writer sends what is queued and stops.</summary>
    public void Complete() => _frames.Writer.TryComplete();

    /// <summary>No more frames, and what is queued is dropped unsent (the bot stopped reading; its close comes next).</summary>
    public void CompleteDroppingQueued()
    {
        _dropping = true;
        _frames.Writer.TryComplete();
    }

    /// <summary>
    /// Sends the queued frames to <paramref name="bot"/> until <see cref="Complete"/>; a failed send throws. Waits
    /// without a cancellation token (a token costs an allocation per wait): the connection ends it by completing the
    /// queue or aborting the socket.
    /// </summary>
    public async Task DrainToAsync(WebSocket bot)
    {
        var reader = _frames.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var frame))
            {
                try
                {
                    if (_dropping)
                    {
                        continue;
                    }

                    await bot.SendAsync(frame.Bytes.AsMemory(0, frame.Length), frame.Type,
                        frame.EndOfMessage ? WebSocketMessageFlags.EndOfMessage : WebSocketMessageFlags.None, CancellationToken.None);
                }
                finally
                {
                    Interlocked.Add(ref _queuedBytes, -frame.Length);
                    Return(frame.Bytes);
                }
            }
        }
    }

    /// <summary>Returns the arrays of frames never sent (the connection ended first).</summary>
    public void Discard()
    {
        _frames.Writer.TryComplete();
        while (_frames.Reader.TryRead(out var frame))
        {
            Return(frame.Bytes);
        }
    }

    private byte[] Rent(int length) =>
        length > SlabBytes ? ArrayPool<byte>.Shared.Rent(length)
        : _spare.TryDequeue(out var slab) ? slab
        : new byte[SlabBytes];

    private void Return(byte[] array)
    {
        if (array.Length != SlabBytes)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
        else if (_spare.Count < MaxSpareSlabs)
        {
            _spare.Enqueue(array);
        }
    }

    private readonly record struct Frame(byte[] Bytes, int Length, WebSocketMessageType Type, bool EndOfMessage);
}
