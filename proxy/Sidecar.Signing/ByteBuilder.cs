using System.Buffers;

namespace Sidecar.Signing;

/// <summary>
/// An append-only byte buffer rented from <see cref="ArrayPool{T}"/>. Reused across requests: after the first few
/// requests have grown it to its working size, appending allocates nothing.
/// </summary>
public sealed class ByteBuilder : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public ByteBuilder(int initialCapacity = 512)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    /// <summary>The underlying array; bytes [0, Length) are valid. For APIs that need an array, e.g. PKCS#11.</summary>
    public byte[] UnsafeArray => _buffer;

    public void Clear() => _length = 0;

    public void Append(byte value)
    {
        EnsureCapacity(1);
        _buffer[_length++] = value;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        EnsureCapacity(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Appends <paramref name="value"/> as ASCII (HTTP methods, header names): one byte a character.</summary>
    public void AppendAscii(string value)
    {
        var span = GetSpan(value.Length);
        Advance(System.Text.Encoding.ASCII.GetBytes(value, span));
    }

    /// <summary>Reserves <paramref name="maxLength"/> bytes; call <see cref="Advance"/> with what was written.</summary>
    public Span<byte> GetSpan(int maxLength)
    {
        EnsureCapacity(maxLength);
        return _buffer.AsSpan(_length, maxLength);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _length);
        _length += count;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void EnsureCapacity(int additional)
    {
        var required = _length + additional;
        if (required <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(required, _buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
