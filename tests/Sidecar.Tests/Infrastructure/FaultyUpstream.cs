using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Sidecar.Tests.Infrastructure;

/// <summary>How <see cref="FaultyUpstream"/> answers a request to one path.</summary>
public enum UpstreamFault
{
    /// <summary>200 with a small JSON body, connection kept alive.</summary>
    None,

    /// <summary>Status line and headers (Content-Length 1000), ten body bytes, then a TCP reset.</summary>
    ResetMidBody,

    /// <summary>The whole request is read, then the connection is reset without a byte of answer.</summary>
    ResetBeforeAnswer,

    /// <summary>
    /// The answer (200) waits until <see cref="FaultyUpstream.Release"/>: in flight for as long as the test needs,
    /// or for good (an exchange slower than any upstream time-out).
    /// </summary>
    Held,

    /// <summary>500 with Binance's "unknown error" body: the request was accepted, its fate unknown.</summary>
    ServerError,

    /// <summary>302 to <see cref="FaultyUpstream.RedirectTo"/>.</summary>
    Redirect,

    /// <summary>200 with a gzip-encoded body (Content-Encoding: gzip), whatever the request asked for.</summary>
    Gzip,
}

/// <summary>
/// An exchange that misbehaves on cue, on raw sockets so every fault is exactly what goes on the wire (a reset is
/// an RST, a cut body is really cut). Plain HTTP/1.1, or TLS with the certificate given. It counts requests per
/// path and keeps every byte it received before decryption, so a test can prove nothing went out in clear.
/// </summary>
internal sealed class FaultyUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, UpstreamFault> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<TcpClient> _clients = [];
    private readonly MemoryStream _received = new();
    private readonly Task _acceptLoop;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connections;

    private FaultyUpstream(X509Certificate2? certificate)
    {
        _certificate = certificate;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>http://127.0.0.1:PORT, or https://localhost:PORT with a certificate.</summary>
    public Uri BaseAddress => _certificate is null ? new Uri($"http://127.0.0.1:{Port}") : new Uri($"https://localhost:{Port}");

    /// <summary>Answers every request held by <see cref="UpstreamFault.Held"/>, and those that come later.</summary>
    public void Release() => _released.TrySetResult();

    public Uri? RedirectTo { get; set; }

    /// <summary>TCP connections accepted so far (a refused TLS handshake still counts one).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Requests fully received (after TLS, if any), all paths.</summary>
    public int TotalRequests => _requests.Values.Sum();

    /// <summary>What <see cref="UpstreamFault.Gzip"/> sends: {"ok":true} compressed.</summary>
    public static byte[] GzipBody { get; } = Compress("{\"ok\":true}");

    public static FaultyUpstream Start(X509Certificate2? certificate = null) => new(certificate);

    public void SetFault(string path, UpstreamFault fault) => _faults[path] = fault;

    public int RequestsTo(string path) => _requests.TryGetValue(path, out var count) ? count : 0;

    /// <summary>Every byte received on every connection, as it was on the wire (TLS records undecrypted).</summary>
    public string ReceivedOnTheWire()
    {
        lock (_received)
        {
            return Encoding.Latin1.GetString(_received.ToArray());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _clients.Add(client);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            Stream stream = new RecordingStream(client.GetStream(), _received);
            if (_certificate is not null)
            {
                var tls = new SslStream(stream);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                }, _stop.Token);
                stream = tls;
            }

            var reader = new RequestReader(stream);
            while (await reader.ReadAsync(_stop.Token) is { } request)
            {
                _requests.AddOrUpdate(request.Path, 1, (_, n) => n + 1);
                if (!await AnswerAsync(client, stream, request.Path))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away, or refused our certificate: exactly what some tests want.
        }
        finally
        {
            client.Dispose();
        }
    }

    // False when the connection is done with (reset).
    private async Task<bool> AnswerAsync(TcpClient client, Stream stream, string path)
    {
        switch (_faults.GetValueOrDefault(path))
        {
            case UpstreamFault.ResetMidBody:
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"orderId\":");
                await Task.Delay(100);
                Reset(client);
                return false;
            case UpstreamFault.ResetBeforeAnswer:
                Reset(client);
                return false;
            case UpstreamFault.Held:
                await _released.Task.WaitAsync(_stop.Token);
                await WriteAsync(stream, Response("200 OK", "{\"held\":true}"));
                return true;
            case UpstreamFault.ServerError:
                await WriteAsync(stream, Response("500 Internal Server Error", "{\"code\":-1000,\"msg\":\"An unknown error occurred while processing the request.\"}"));
                return true;
            case UpstreamFault.Redirect:
                await WriteAsync(stream, $"HTTP/1.1 302 Found\r\nLocation: {RedirectTo}\r\nContent-Length: 0\r\n\r\n");
                return true;
            case UpstreamFault.Gzip:
                var gzip = GzipBody;
                await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {gzip.Length}\r\n\r\n");
                await stream.WriteAsync(gzip, _stop.Token);
                await stream.FlushAsync(_stop.Token);
                return true;
            default:
                await WriteAsync(stream, Response("200 OK", "{\"ok\":true}"));
                return true;
        }
    }

    private static byte[] Compress(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private static string Response(string status, string json) =>
        $"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}";

    private async Task WriteAsync(Stream stream, string text)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), _stop.Token);
        await stream.FlushAsync(_stop.Token);
    }

    // Linger 0: close() sends RST instead of FIN, as a crashed exchange edge or a middlebox would.
    private static void Reset(TcpClient client)
    {
        client.LingerState = new LingerOption(true, 0);
        client.Client.Close();
    }

    private sealed record Request(string Method, string Path);

    /// <summary>Reads HTTP/1.1 requests (headers, then a Content-Length body) off one connection.</summary>
    private sealed class RequestReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _length;

        public async Task<Request?> ReadAsync(CancellationToken cancellationToken)
        {
            int headerEnd;
            while ((headerEnd = _buffer.AsSpan(0, _length).IndexOf("\r\n\r\n"u8)) < 0)
            {
                var read = await stream.ReadAsync(_buffer.AsMemory(_length), cancellationToken);
                if (read == 0)
                {
                    return null;
                }

                _length += read;
            }

            var head = Encoding.ASCII.GetString(_buffer, 0, headerEnd);
            var lines = head.Split("\r\n");
            var requestLine = lines[0].Split(' ');
            var contentLength = 0;
            foreach (var line in lines.AsSpan(1))
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    contentLength = int.Parse(line.AsSpan("Content-Length:".Length).Trim(), CultureInfo.InvariantCulture);
                }
            }

            var total = headerEnd + 4 + contentLength;
            while (_length < total)
            {
                var read = await stream.ReadAsync(_buffer.AsMemory(_length), cancellationToken);
                if (read == 0)
                {
                    return null;
                }

                _length += read;
            }

            _buffer.AsSpan(total, _length - total).CopyTo(_buffer);
            _length -= total;
            var target = requestLine[1];
            var query = target.IndexOf('?', StringComparison.Ordinal);
            return new Request(requestLine[0], query < 0 ? target : target[..query]);
        }
    }

    /// <summary>Copies every byte read from the wire into a shared buffer.</summary>
    private sealed class RecordingStream(Stream inner, MemoryStream record) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            lock (record)
            {
                record.Write(buffer.Span[..read]);
            }

            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
