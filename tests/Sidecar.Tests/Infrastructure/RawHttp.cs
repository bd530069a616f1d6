using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// Sends bytes exactly as written. HttpClient normalises request targets (dot segments, escapes) before sending,
/// which would hide exactly what these tests need Sidecar to refuse.
/// </summary>
internal static class RawHttp
{
    public static async Task<string> SendAsync(Uri server, string requestHead, string body = "")
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(requestHead + body));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await new StreamReader(stream, Encoding.ASCII).ReadToEndAsync(cts.Token);
    }

    /// <summary>Sends <paramref name="request"/> byte for byte and reads until the server closes (Latin-1, so no byte is lost).</summary>
    public static async Task<string> SendBytesAsync(Uri server, byte[] request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(request);
        }
        catch (IOException)
        {
            // The server may refuse and close before reading everything; its answer is still there to read.
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            return await new StreamReader(stream, Encoding.Latin1).ReadToEndAsync(cts.Token);
        }
        catch (IOException)
        {
            return ""; // reset: the connection was closed without an answer
        }
    }

    /// <summary>One request with a body, the target sent exactly as written, the connection closed after it.</summary>
    public static Task<string> SendWithBodyAsync(Uri server, string method, string target, string contentType, string body) =>
        SendAsync(server,
            $"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n",
            body);

    public static Task<string> GetAsync(Uri server, string target) =>
        SendAsync(server, $"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
}
