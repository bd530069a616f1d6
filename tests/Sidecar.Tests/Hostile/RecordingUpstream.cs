using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Sidecar.FakeExchange.Common;

namespace Sidecar.Tests.Hostile;

/// <summary>
/// An upstream that records every request exactly as received — raw target, raw body bytes, headers — and answers
/// 200 <c>{}</c>. It judges nothing; the tests check the signatures over what it recorded.
/// </summary>
internal sealed class RecordingUpstream : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly ConcurrentQueue<Received> _received;

    private RecordingUpstream(LoopbackServer server, ConcurrentQueue<Received> received)
    {
        _server = server;
        _received = received;
    }

    public Uri BaseAddress => _server.BaseAddress;

    public int Count => _received.Count;

    public IReadOnlyList<Received> Requests => [.. _received];

    public static async Task<RecordingUpstream> StartAsync()
    {
        var received = new ConcurrentQueue<Received>();
        var server = await LoopbackServer.StartAsync(async context =>
        {
            if (SidecarBackground.IsBackground(context.Request))
            {
                // Not an exchange: no time endpoint. Only what a bot sent is recorded.
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var (path, query) = LoopbackServer.RawTarget(context);
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in context.Request.Headers)
            {
                headers[header.Key] = header.Value.ToString();
            }

            received.Enqueue(new Received(context.Request.Method, path, query, body.ToArray(), headers));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{}");
        });
        return new RecordingUpstream(server, received);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>One request as the upstream received it.</summary>
    public sealed record Received(string Method, string Path, string Query, byte[] Body, IReadOnlyDictionary<string, string> Headers)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }
}
