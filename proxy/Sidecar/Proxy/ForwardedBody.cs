namespace Sidecar.Proxy;

/// <summary>
/// The request body YARP forwards: a read-only view of the exact bytes that were signed, reset for every request
/// instead of a new <see cref="MemoryStream"/> each time. Owned by one <see cref="ProxiedRequest"/>; it never
/// owns its array (the request's pooled buffers do).
/// </summary>
internal sealed class ForwardedBody : Stream
{
    private byte[] _array = [];
    private int _length;
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = (int)Math.Clamp(value, 0, _length);
    }

    /// <summary>Shows <paramref name="length"/> bytes of <paramref name="array"/>, from the start.</summary>
    public void Reset(byte[] array, int length)
    {
        _array = array;
        _length = length;
        _position = 0;
    }

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _length - _position);
        _array.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : new ValueTask<int>(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        var remaining = _array.AsMemory(_position, _length - _position);
        _position = _length;
        return destination.WriteAsync(remaining, cancellationToken).AsTask();
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
