using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Tokens;
using Sidecar.Signing.WebSockets;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing;

/// <summary>
/// A frame whose method name is huge (a message may be 16 MiB) is refused as malformed by every exchange's session,
/// before any copy of the name is made on the stack: a 4 MiB copy there would overflow it and kill the process.
/// </summary>
public sealed class WebSocketMethodLengthTests
{
    [Theory]
    [InlineData("binance-hmac", "/ws-api/v3", """{"id":"1","method":"NAME","params":{}}""")]
    [InlineData("deribit", "/ws/api/v2", """{"jsonrpc":"2.0","id":1,"method":"NAME","params":{}}""")]
    [InlineData("kraken", "/v2", """{"method":"NAME","req_id":1}""")]
    [InlineData("kucoin", "/", """{"id":"1","type":"NAME"}""")]
    [InlineData("gate-v4", "/ws/v4/", """{"time":1,"channel":"NAME","event":"subscribe"}""")]
    [InlineData("bitfinex-v2", "/ws/2", """{"event":"NAME"}""")]
    [InlineData("bybit-v5", "/v5/private", """{"op":"NAME","args":[]}""")]
    [InlineData("okx-v5", "/ws/v5/private", """{"op":"NAME","args":[]}""")]
    [InlineData("coinbase-exchange", "/", """{"type":"NAME","channels":[]}""")]
    [InlineData("coinbase-advanced", "/", """{"type":"NAME","channel":"user"}""")]
    public void A_method_name_of_megabytes_is_refused_without_copying_it(string scheme, string path, string template)
    {
        Assert.True(SigningSchemes.TryGet(scheme, out var signing));
        var credentials = new VenueCredentials("key", new ReferenceHmacKey(new byte[64]), passphrase: "p", tokens: new TokenVault());
        var session = signing.Exchange.WebSocket.Open(new WebSocketSessionContext(signing, credentials, path));
        var message = Encoding.UTF8.GetBytes(template.Replace("NAME", new string('a', 4 << 20), StringComparison.Ordinal));
        var frame = new ClientFrame();

        var read = session.TryRead(message, frame);

        Assert.False(read, scheme);
        Assert.False(string.IsNullOrWhiteSpace(frame.Error));
    }
}
