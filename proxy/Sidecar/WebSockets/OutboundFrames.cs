using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Sidecar.WebSockets;

/// <summary>
/// Everything that goes to the bot, in order, on one connection: the exchange's frames as they came and Sidecar's
/// own error frames. One writer drains it, so the bot's socket is never written from two places. Bounded by bytes
/// (<c>Limits:MaxWebSocketBufferBytes</c>): a bot that stops reading makes <see cref="TryAdd"/> fail, and the
/// connection is closed (1013) instead of buffering without end. Frames live in pooled arrays and the channel reuses
/// its reader, so relaying a frame allocates nothing once warm.
/// </summary>
internal sealed class OutboundFrames
{
    private readonly Channel<Frame> _frames = Channel.CreateUnbounded<Frame>(new UnboundedChannelOptions { SingleReader = true });
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

        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length, 1));
        bytes.CopyTo(copy);
        if (_frames.Writer.TryWrite(new Frame(copy, bytes.Length, type, endOfMessage)))
        {
            return true;
        }

        ArrayPool<byte>.Shared.Return(copy);
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
                    ArrayPool<byte>.Shared.Return(frame.Bytes);
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
            ArrayPool<byte>.Shared.Return(frame.Bytes);
        }
    }

    private readonly record struct Frame(byte[] Bytes, int Length, WebSocketMessageType Type, bool EndOfMessage);
}
