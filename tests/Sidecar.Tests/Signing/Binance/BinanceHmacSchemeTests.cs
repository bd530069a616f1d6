using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Binance;

public sealed class BinanceHmacSchemeTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());
    private readonly ReferenceHmacKey _key = new(Secret);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("binance-hmac", out var s) ? s : throw new InvalidOperationException();

    [Fact]
    public void Adds_timestamp_and_signature_to_the_query_when_the_bot_sent_none()
    {
        var (outcome, output) = Sign("GET", "/api/v3/account", "recvWindow=5000", "", BodyFormat.None, now: 1700000000123);

        Assert.Equal(SignOutcome.Signed, outcome);
        var query = Encoding.ASCII.GetString(output.Query.WrittenSpan);
        Assert.StartsWith("recvWindow=5000&timestamp=1700000000123&signature=", query, StringComparison.Ordinal);
        Assert.Equal(Hmac("recvWindow=5000&timestamp=1700000000123"), query[(query.LastIndexOf('=') + 1)..]);
    }

    [Fact]
    public void Keeps_the_bots_timestamp_order_and_bytes()
    {
        const string sent = "symbol=BTCUSDT&newClientOrderId=x-R4BD3S82%2Fabc&timestamp=42&price=1.50";
        var (_, output) = Sign("POST", "/api/v3/order", "", sent, BodyFormat.Form, now: 99);

        Assert.Equal(sent + "&signature=" + Hmac(sent), Encoding.ASCII.GetString(output.Body.WrittenSpan));
    }

    [Theory]
    [InlineData("symbol=BTCUSDT&signature=deadbeef&timestamp=1", "symbol=BTCUSDT&timestamp=1")]
    [InlineData("signature=a&symbol=BTCUSDT&timestamp=1&signature=b", "symbol=BTCUSDT&timestamp=1")]
    [InlineData("symbol=BTCUSDT&timestamp=1&signature=", "symbol=BTCUSDT&timestamp=1")]
    public void Replaces_any_signature_the_bot_sent(string sent, string expectedSigned)
    {
        var (_, output) = Sign("GET", "/api/v3/openOrders", sent, "", BodyFormat.None, now: 5);

        Assert.Equal(expectedSigned + "&signature=" + Hmac(expectedSigned), Encoding.ASCII.GetString(output.Query.WrittenSpan));
    }

    [Fact]
    public void Sets_the_api_key_header_from_the_venue()
    {
        var (_, output) = Sign("GET", "/api/v3/account", "", "", BodyFormat.None, now: 5);

        Assert.Equal(1, output.Headers.Count);
        Assert.Equal("X-MBX-APIKEY", output.Headers.NameAt(0));
        Assert.Equal("venue-api-key", output.Headers.ConstantValueAt(0));
        Assert.Contains("X-MBX-APIKEY", _scheme.CredentialHeaders);
    }

    [Theory]
    [InlineData("POST", "/api/v3/userDataStream")]
    [InlineData("PUT", "/fapi/v1/listenKey")]
    [InlineData("GET", "/api/v3/historicalTrades")]
    public void Api_key_only_endpoints_get_the_header_and_no_signature(string method, string path)
    {
        var (outcome, output) = Sign(method, path, "symbol=BTCUSDT", "", BodyFormat.None, now: 5);

        Assert.Equal(SignOutcome.PassThrough, outcome);
        Assert.Equal(EndpointAccess.ApiKey, output.Access);
        Assert.Equal("X-MBX-APIKEY", output.Headers.NameAt(0));
        Assert.Equal(0, _key.Signs);
    }

    [Fact]
    public void Records_the_sha256_of_exactly_the_bytes_signed()
    {
        var (_, output) = Sign("POST", "/api/v3/order", "symbol=A", "side=BUY&timestamp=7", BodyFormat.Form, now: 5);

        Assert.Equal(SHA256.HashData("symbol=Aside=BUY&timestamp=7"u8), output.SignedBytesSha256.ToArray());
    }

    [Fact]
    public void Without_a_digest_to_record_signs_the_same_and_leaves_the_digest_empty()
    {
        var (_, recorded) = Sign("POST", "/api/v3/order", "symbol=A", "side=BUY&timestamp=7", BodyFormat.Form, now: 5);
        var (outcome, unrecorded) = Sign("POST", "/api/v3/order", "symbol=A", "side=BUY&timestamp=7", BodyFormat.Form, now: 5, digests: false);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal(recorded.Body.WrittenSpan.ToArray(), unrecorded.Body.WrittenSpan.ToArray());
        Assert.Equal(new byte[SHA256.HashSizeInBytes], unrecorded.SignedBytesSha256.ToArray());
        Assert.False(unrecorded.DigestsSignedBytes, "Reset keeps the owner's choice");
    }

    private (SignOutcome, SignedRequest) Sign(string method, string path, string query, string body, BodyFormat format, long now, bool digests = true)
    {
        var output = new SignedRequest { DigestsSignedBytes = digests };
        var input = new SigningInput
        {
            Method = method,
            Path = Encoding.ASCII.GetBytes(path),
            Query = Encoding.ASCII.GetBytes(query),
            Body = Encoding.ASCII.GetBytes(body),
            BodyFormat = format,
            UnixTimeMilliseconds = now,
        };
        return (_scheme.Sign(input, new VenueCredentials("venue-api-key", _key), output), output);
    }

    private static string Hmac(string payload) => Convert.ToHexStringLower(HMACSHA256.HashData(Secret, Encoding.ASCII.GetBytes(payload)));
}
