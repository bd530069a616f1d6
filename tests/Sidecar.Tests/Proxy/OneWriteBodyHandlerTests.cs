using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Sidecar.Proxy;
using Sidecar.Signing;
using Yarp.ReverseProxy.Forwarder;

namespace Sidecar.Tests.Proxy;

/// <summary>
/// The forwarded request leaves in one write: headers and signed body together. Runs YARP's real forwarder with
/// Sidecar's transformer against a raw upstream, and counts the writes on the upstream connection.
/// </summary>
public sealed class OneWriteBodyHandlerTests
{
    private const string Body = "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.01&price=65000.5&timestamp=1&signature=ab";

    [Fact]
    public async Task Headers_and_body_leave_in_one_write()
    {
        var (writes, received) = await ForwardAsync(withHandler: true, "POST", Body);

        var write = Assert.Single(writes);
        Assert.Contains("POST /api/v3/order HTTP/1.1\r\n", write, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/x-www-form-urlencoded\r\n", write, StringComparison.Ordinal);
        Assert.Contains($"Content-Length: {Body.Length}\r\n", write, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n" + Body, write, StringComparison.Ordinal);
        Assert.Equal(write, received);
    }

    [Fact]
    public async Task Without_the_handler_YARP_sends_the_headers_alone_first()
    {
        // The control: what the handler exists for. If YARP stops flushing the headers early, this fails and the
        // handler can go.
        var (writes, _) = await ForwardAsync(withHandler: false, "POST", Body);

        Assert.Equal(2, writes.Count);
        Assert.EndsWith("\r\n\r\n", writes[0], StringComparison.Ordinal);
        Assert.Equal(Body, writes[1]);
    }

    [Fact]
    public async Task A_request_without_a_body_is_untouched()
    {
        var (writes, _) = await ForwardAsync(withHandler: true, "GET", body: null);

        var write = Assert.Single(writes);
        Assert.StartsWith("GET /api/v3/order HTTP/1.1\r\n", write, StringComparison.Ordinal);
        Assert.DoesNotContain("Content-Length", write, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", write, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_a_plan_keeps_YARP_s_streaming_content()
    {
        var inner = new CapturingHandler();
        using var invoker = new HttpMessageInvoker(new OneWriteBodyHandler(inner));
        var streamed = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes(Body)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:1/") { Content = streamed };

        using var _ = await invoker.SendAsync(request, CancellationToken.None);

        Assert.Same(streamed, inner.Content);
    }

    private static async Task<(List<string> Writes, string Received)> ForwardAsync(bool withHandler, string method, string? body)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var upstream = AnswerOnceAsync(listener, body is null ? 0 : body.Length);

        var writes = new List<string>();
        var sockets = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new WriteRecordingStream(new NetworkStream(socket, ownsSocket: true), writes);
            },
        };
        using var invoker = new HttpMessageInvoker(withHandler ? new OneWriteBodyHandler(sockets) : sockets);
        var forwarder = new ServiceCollection().AddLogging().AddHttpForwarder().BuildServiceProvider().GetRequiredService<IHttpForwarder>();

        var bytes = body is null ? [] : Encoding.ASCII.GetBytes(body);
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = "/binance/api/v3/order";
        if (body is not null)
        {
            context.Request.ContentType = "application/x-www-form-urlencoded";
            context.Request.ContentLength = bytes.Length;
            context.Request.Body = new MemoryStream(bytes);
        }

        context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(body is not null));
        context.Response.Body = new MemoryStream();
        var target = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/api/v3/order");
        var plan = new ForwardingPlan();
        Assert.True(SigningSchemes.TryGet("binance-hmac", out var scheme));
        using var headers = new SignedHeaders();
        plan.Set(target, scheme, headers, "binance", bytes, stages: null);

        var error = await forwarder.SendAsync(context, target.GetLeftPart(UriPartial.Authority), invoker, ForwarderRequestConfig.Empty, plan);

        Assert.Equal(ForwarderError.None, error);
        Assert.Equal(200, context.Response.StatusCode);
        return (writes, await upstream);
    }

    // Reads one request (headers, then Content-Length bytes) and answers 200.
    private static async Task<string> AnswerOnceAsync(TcpListener listener, int contentLength)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var text = received.ToString();
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0 && text.Length >= end + 4 + contentLength)
            {
                break;
            }

            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}"u8.ToArray());
        return received.ToString();
    }

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => canHaveBody;
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public HttpContent? Content { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Content = request.Content;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }

    // Passes everything through, recording each write (what one send on the socket carries).
    private sealed class WriteRecordingStream(Stream inner, List<string> writes) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count)
        {
            Record(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Record(buffer.Span);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Record(ReadOnlySpan<byte> bytes)
        {
            if (!bytes.IsEmpty)
            {
                lock (writes)
                {
                    writes.Add(Encoding.ASCII.GetString(bytes));
                }
            }
        }
    }
}
