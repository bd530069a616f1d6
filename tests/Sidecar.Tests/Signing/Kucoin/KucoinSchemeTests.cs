using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Kucoin;

/// <summary>Parameter and header handling of kucoin, with an in-memory HMAC key standing in for the HSM.</summary>
public sealed class KucoinSchemeTests
{
    private const string ApiKey = "venue-api-key";
    private const string Passphrase = "venue-passphrase";
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());
    private readonly ReferenceHmacKey _key = new(Secret);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("kucoin", out var s) ? s : throw new InvalidOperationException();

    [Fact]
    public void Prepare_signs_the_passphrase_once_with_the_venue_key()
    {
        var credentials = new VenueCredentials(ApiKey, _key, Passphrase);

        _scheme.Prepare(credentials);

        Assert.Equal(1, _key.Signs);
        Assert.Equal(Hmac(Passphrase), credentials.PassphraseHeader);
    }

    [Fact]
    public void Get_signs_millisecond_timestamp_method_path_and_query()
    {
        const string query = "type=trade&currency=USDT";
        var (outcome, output, _) = Sign("GET", "/api/v1/accounts", query, "", BodyFormat.None, now: 1700000000123);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal(query, Encoding.ASCII.GetString(output.Query.WrittenSpan));
        Assert.Equal("1700000000123GET/api/v1/accounts?" + query, Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
        var headers = Headers(output);
        Assert.Equal(ApiKey, headers["KC-API-KEY"]);
        Assert.Equal("1700000000123", headers["KC-API-TIMESTAMP"]);
        Assert.Equal(Hmac(Passphrase), headers["KC-API-PASSPHRASE"]);
        Assert.Equal("2", headers["KC-API-KEY-VERSION"]);
        Assert.Equal(Hmac("1700000000123GET/api/v1/accounts?" + query), headers["KC-API-SIGN"]);
        Assert.Equal(5, output.Headers.Count);
    }

    [Fact]
    public void Post_signs_the_raw_json_body()
    {
        const string body = "{\"clientOid\":\"fe041e61-435c-4728-8815-8f94d49f1d12\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}";
        var (outcome, output, _) = Sign("POST", "/api/v1/orders", "", body, BodyFormat.Json, now: 42);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal(body, Encoding.UTF8.GetString(output.Body.WrittenSpan));
        Assert.Equal(Hmac("42POST/api/v1/orders" + body), Headers(output)["KC-API-SIGN"]);
    }

    [Fact]
    public void The_url_is_signed_percent_decoded_but_forwarded_as_sent()
    {
        // The docs' example: on the wire passphrase=abc%21%40%2311, signed as passphrase=abc!@#11.
        const string wire = "apiKey=67b3&subName=test&passphrase=abc%21%40%2311";
        var (_, output, _) = Sign("GET", "/api/v1/sub/api-key", wire, "", BodyFormat.None, now: 1);

        Assert.Equal(wire, Encoding.ASCII.GetString(output.Query.WrittenSpan));
        Assert.Equal("1GET/api/v1/sub/api-key?apiKey=67b3&subName=test&passphrase=abc!@#11", Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
    }

    [Theory]
    [InlineData("a=b+c", "a=b c")]
    [InlineData("a=%E2%82%AC", "a=\u20ac")]
    [InlineData("a=100%", "a=100%")]
    [InlineData("a=%zz&b=%4", "a=%zz&b=%4")]
    [InlineData("a=%2B", "a=+")]
    public void Query_decoding_follows_form_url_decoding(string wire, string signed)
    {
        var (_, output, _) = Sign("DELETE", "/api/v1/orders", wire, "", BodyFormat.None, now: 1);

        Assert.Equal("1DELETE/api/v1/orders?" + signed, Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        Assert.Equal(wire, Encoding.ASCII.GetString(output.Query.WrittenSpan));
    }

    [Fact]
    public void A_plus_in_the_path_stays_a_plus()
    {
        var (_, output, _) = Sign("DELETE", "/api/v1/order/client-order/a+b%21", "", "", BodyFormat.None, now: 1);

        Assert.Equal("1DELETE/api/v1/order/client-order/a+b!", Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
    }

    [Fact]
    public void Bot_sent_credential_and_partner_headers_are_stripped()
    {
        Assert.Equal(
            ["KC-API-KEY", "KC-API-SIGN", "KC-API-TIMESTAMP", "KC-API-PASSPHRASE", "KC-API-KEY-VERSION",
             "KC-API-PARTNER", "KC-API-PARTNER-SIGN", "KC-API-PARTNER-VERIFY", "KC-BROKER-NAME"],
            _scheme.CredentialHeaders);
        Assert.Empty(_scheme.CredentialParameters);
        Assert.True(_scheme.RequiresPassphrase);
    }

    private (SignOutcome Outcome, SignedRequest Output, int SignsAfterPrepare) Sign(string method, string path, string query, string body, BodyFormat format, long now)
    {
        var credentials = new VenueCredentials(ApiKey, _key, Passphrase);
        _scheme.Prepare(credentials);
        var signsAfterPrepare = _key.Signs;
        var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = method,
            Path = Encoding.ASCII.GetBytes(path),
            Query = Encoding.ASCII.GetBytes(query),
            Body = Encoding.UTF8.GetBytes(body),
            BodyFormat = format,
            Host = "api.kucoin.com",
            UnixTimeMilliseconds = now,
        };
        return (_scheme.Sign(input, credentials, output), output, signsAfterPrepare);
    }

    private static Dictionary<string, string> Headers(SignedRequest output) => Conformance.SigningOutputs.Headers(output);

    private static string Hmac(string prehash) => Convert.ToBase64String(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes(prehash)));
}
