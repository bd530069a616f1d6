using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Gate;

/// <summary>Parameter handling of the <c>gate-v4</c> scheme, with an in-memory key standing in for the HSM.</summary>
public sealed class GateSchemeTests
{
    private const long Now = 1_700_000_000_987; // → Timestamp 1700000000

    private static readonly byte[] Secret = Encoding.ASCII.GetBytes(RandomNumberGenerator.GetHexString(64, lowercase: true));
    private readonly ReferenceHmacKey _key = new(Secret, SignatureAlgorithm.HmacSha512);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("gate-v4", out var s) ? s : throw new InvalidOperationException();

    [Fact]
    public void Signs_a_get_with_its_query_and_the_empty_body_hash()
    {
        var (outcome, output) = Sign("GET", "/api/v4/spot/orders", "currency_pair=BTC_USDT&status=open", "", BodyFormat.None);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal("currency_pair=BTC_USDT&status=open", Encoding.ASCII.GetString(output.Query.WrittenSpan));
        Assert.Equal(3, output.Headers.Count);
        Assert.Equal("venue-api-key", Header(output, "KEY"));
        Assert.Equal("1700000000", Header(output, "Timestamp"));
        Assert.Equal(Expected("GET", "/api/v4/spot/orders", "currency_pair=BTC_USDT&status=open", "", "1700000000"), Header(output, "SIGN"));
    }

    [Fact]
    public void Signs_a_post_json_body_exactly_as_forwarded()
    {
        const string body = "{\"currency_pair\":\"BTC_USDT\",\"type\":\"limit\",\"side\":\"buy\",\"amount\":\"0.002\",\"price\":\"50000\"}";

        var (_, output) = Sign("POST", "/api/v4/spot/orders", "", body, BodyFormat.Json);

        Assert.Equal(body, Encoding.ASCII.GetString(output.Body.WrittenSpan));
        Assert.Equal(Expected("POST", "/api/v4/spot/orders", "", body, "1700000000"), Header(output, "SIGN"));
    }

    [Theory]
    [InlineData("text=t-a%2Fb&currencies=BTC%2CETH", "text=t-a/b&currencies=BTC,ETH")]
    [InlineData("q=a+b%20c", "q=a b c")]
    [InlineData("bad=%zz&end=%4", "bad=%zz&end=%4")]
    public void The_query_is_forwarded_raw_and_signed_form_decoded(string sent, string signed)
    {
        var (_, output) = Sign("GET", "/api/v4/spot/my_trades", sent, "", BodyFormat.None);

        Assert.Equal(sent, Encoding.ASCII.GetString(output.Query.WrittenSpan));
        Assert.Equal(Expected("GET", "/api/v4/spot/my_trades", signed, "", "1700000000"), Header(output, "SIGN"));
    }

    [Fact]
    public void Records_the_sha256_of_the_signature_string()
    {
        var (_, output) = Sign("DELETE", "/api/v4/spot/orders/123", "currency_pair=BTC_USDT", "", BodyFormat.None);

        var expected = $"DELETE\n/api/v4/spot/orders/123\ncurrency_pair=BTC_USDT\n{Convert.ToHexStringLower(SHA512.HashData([]))}\n1700000000";
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(expected)), output.SignedBytesSha256.ToArray());
    }

    private (SignOutcome, SignedRequest) Sign(string method, string path, string query, string body, BodyFormat format)
    {
        var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = method,
            Path = Encoding.ASCII.GetBytes(path),
            Query = Encoding.ASCII.GetBytes(query),
            Body = Encoding.ASCII.GetBytes(body),
            BodyFormat = format,
            UnixTimeMilliseconds = Now,
        };
        return (_scheme.Sign(input, new VenueCredentials("venue-api-key", _key), output), output);
    }

    private static string Header(SignedRequest output, string name) => Conformance.SigningOutputs.Header(output, name);

    /// <summary>Gate's docs, independently of the scheme: hex(HMAC-SHA512(secret, METHOD\nURL\nquery\nhex(SHA512(body))\nTimestamp)).</summary>
    private static string Expected(string method, string path, string query, string body, string timestamp)
    {
        var bodyHash = Convert.ToHexStringLower(SHA512.HashData(Encoding.UTF8.GetBytes(body)));
        return Convert.ToHexStringLower(HMACSHA512.HashData(Secret, Encoding.UTF8.GetBytes($"{method}\n{path}\n{query}\n{bodyHash}\n{timestamp}")));
    }
}
