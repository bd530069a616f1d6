using System.Buffers;
using System.Net;

namespace Sidecar.Proxy;

/// <summary>
/// Keeps a copy of the first bytes of an answer while YARP streams it to the bot, so the answer is read after it was
/// relayed (the order ids in an order answer), without holding it back: a cut answer still reaches the bot cut. The
/// copy is whole only if the answer ended within <see cref="Capacity"/> bytes. Pooled with its plan.
/// </summary>
internal sealed class AnswerCapture
{
    private byte[] _buffer = [];
    private int _length;

    public AnswerCapture(int capacity) => Capacity = capacity;

    public int Capacity { get; }

    /// <summary>The answer ended, and every byte of it is in <see cref="Bytes"/>.</summary>
    public bool Complete { get; private set; }

    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);

    private bool Overflowed { get; set; }

    /// <summary>Wraps <paramref name="content"/> so that reading it also fills this capture.</summary>
    public HttpContent Around(HttpContent content) => new CapturingContent(content, this);

    public void Clear()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = [];
        _length = 0;
        Complete = false;
        Overflowed = false;
    }

    private void Append(ReadOnlySpan<byte> read)
    {
        if (read.IsEmpty)
        {
            Complete = !Overflowed;
            return;
        }

        if (Overflowed || _length + read.Length > Capacity)
        {
            Overflowed = true;
            return;
        }

        if (_length + read.Length > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_length + read.Length, Math.Min(Capacity, Math.Max(1024, _buffer.Length * 2))));
            Bytes.CopyTo(bigger);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = bigger;
        }

        read.CopyTo(_buffer.AsSpan(_length));
        _length += read.Length;
    }

    private sealed class CapturingContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly AnswerCapture _capture;

        public CapturingContent(HttpContent inner, AnswerCapture capture)
        {
            _inner = inner;
            _capture = capture;
            foreach (var header in inner.Headers.NonValidated)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new CapturingStream(await _inner.ReadAsStreamAsync(cancellationToken), _capture);

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await using var source = await CreateContentReadStreamAsync(CancellationToken.None);
            await source.CopyToAsync(stream);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class CapturingStream(Stream inner, AnswerCapture capture) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            capture.Append(buffer[..read]);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            capture.Append(buffer.Span[..read]);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
