using System.Text;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Hostile;

/// <summary>
/// Request smuggling over raw TCP: framings that a front end and a back end could read differently. Each is refused
/// by Kestrel or by Sidecar (400, or the connection closed), and — the point — the upstream sees nothing: neither the
/// smuggling request nor a valid request pipelined after it on the same connection.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class SmugglingTests(SoftHsmToken token) : IAsyncLifetime
{
    // A valid signed request: if the connection survived the smuggling attempt, this would be forwarded.
    private const string Pipelined = "GET /binance/api/v3/account HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

    private const string Order = "POST /binance/api/v3/order HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n";

    private HostileTarget _target = null!;

    public static TheoryData<string, string> Framings => new()
    {
        { "Content-Length with Transfer-Encoding (CL.TE)", Order + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nX" },
        { "Transfer-Encoding with Content-Length (TE.CL)", Order + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n8\r\nsymbol=B\r\n0\r\n\r\n" },
        { "Content-Length: 0 with Transfer-Encoding", Order + "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\na=b&c\r\n0\r\n\r\n" },
        { "duplicate Content-Length, equal", Order + "Content-Length: 3\r\nContent-Length: 3\r\n\r\na=1" },
        { "duplicate Content-Length, conflicting", Order + "Content-Length: 3\r\nContent-Length: 40\r\n\r\na=1" },
        { "Content-Length list", Order + "Content-Length: 3, 3\r\n\r\na=1" },
        { "Content-Length in hex", Order + "Content-Length: 0x3\r\n\r\na=1" },
        { "Content-Length overflow", Order + "Content-Length: 99999999999999999999999\r\n\r\na=1" },
        { "Transfer-Encoding other than chunked", Order + "Transfer-Encoding: gzip\r\n\r\na=1" },
        { "Transfer-Encoding chunked not last", Order + "Transfer-Encoding: chunked, identity\r\n\r\n3\r\na=1\r\n0\r\n\r\n" },
        { "Transfer-Encoding: identity", Order + "Transfer-Encoding: identity\r\nContent-Length: 3\r\n\r\na=1" },
        { "Transfer-Encoding with a space before the colon", Order + "Transfer-Encoding : chunked\r\n\r\n3\r\na=1\r\n0\r\n\r\n" },
        { "Transfer-Encoding obfuscated (xchunked)", Order + "Transfer-Encoding: xchunked\r\n\r\n3\r\na=1\r\n0\r\n\r\n" },
        { "Transfer-Encoding on two lines", Order + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n3\r\na=1\r\n0\r\n\r\n" },
        { "obs-fold continuation line", Order + "Content-Length: 3\r\nX-Folded: a\r\n b\r\n\r\na=1" },
        { "obs-fold hiding Transfer-Encoding", Order + "X-Folded: a\r\n\tTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\na=1" },
        { "bare LF line endings", Order.Replace("\r\n", "\n", StringComparison.Ordinal) + "Content-Length: 3\n\na=1" },
        { "bare LF in a chunk extension", Order + "Transfer-Encoding: chunked\r\n\r\n3;ext\nx\r\na=1\r\n0\r\n\r\n" },
        { "bare LF after a chunk size", Order + "Transfer-Encoding: chunked\r\n\r\n3\na=1\r\n0\r\n\r\n" },
        { "bare CR in a header", Order + "X-A: a\rContent-Length: 3\r\n\r\na=1" },
        { "chunk size overflow", Order + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\na=1\r\n0\r\n\r\n" },
        { "chunk size 2^64 wrapping to 3", Order + "Transfer-Encoding: chunked\r\n\r\n10000000000000003\r\na=1\r\n0\r\n\r\n" },
        { "negative chunk size", Order + "Transfer-Encoding: chunked\r\n\r\n-3\r\na=1\r\n0\r\n\r\n" },
        { "chunk data longer than its size", Order + "Transfer-Encoding: chunked\r\n\r\n3\r\na=1&b=2\r\n0\r\n\r\n" },
        { "space in the header name", Order + "Content Length: 3\r\n\r\na=1" },
        { "NUL in a header value", Order + "Content-Length: 3\r\nX-A: a\0b\r\n\r\na=1" },
        { "HTTP/1.0 with Transfer-Encoding", Order.Replace("HTTP/1.1", "HTTP/1.0", StringComparison.Ordinal) + "Transfer-Encoding: chunked\r\n\r\n3\r\na=1\r\n0\r\n\r\n" },
        { "two Host headers", "GET /binance/api/v3/account HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n" },
        { "no Host header", "GET /binance/api/v3/account HTTP/1.1\r\n\r\n" },
    };

    public async Task InitializeAsync() => _target = await HostileTarget.StartAsync(token, "smuggle", "api.binance.com");

    public async Task DisposeAsync() => await _target.DisposeAsync();

    [Fact]
    public async Task Control_the_pipelined_request_alone_is_forwarded()
    {
        // Without this, every refusal below could be an upstream that never receives anything.
        var text = await RawHttp.SendBytesAsync(_target.Sidecar.ProxyAddress, Encoding.ASCII.GetBytes(Pipelined.Replace("Connection: close\r\n", "", StringComparison.Ordinal) + Pipelined));

        Assert.Equal(2, RawResponse.CountResponses(text));
        Assert.Equal(2, _target.Upstream.Count);
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public async Task Ambiguous_framing_is_refused_and_nothing_reaches_the_upstream(string attack, string request)
    {
        var text = await RawHttp.SendBytesAsync(_target.Sidecar.ProxyAddress, Encoding.Latin1.GetBytes(request + Pipelined));
        var response = RawResponse.Parse(text);

        Assert.True(response.Closed || response.Status == 400, $"{attack}: answered {HostileGen.Show(text)}\n{_target.Sidecar.Logs.All}");
        Assert.True(RawResponse.CountResponses(text) <= 1, $"{attack}: the pipelined request was answered too: {HostileGen.Show(text)}");
        Assert.Equal(0, _target.Upstream.Count);
    }
}
