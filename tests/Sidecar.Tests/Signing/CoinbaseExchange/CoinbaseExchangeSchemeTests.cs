using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.CoinbaseExchange;

/// <summary>Request handling of the coinbase-exchange scheme, with an in-memory HMAC key.</summary>
public sealed class CoinbaseExchangeSchemeTests
{
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(64);
    private readonly ReferenceHmacKey _key = new(Secret);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("coinbase-exchange", out var s) ? s : throw new InvalidOperationException();

    [Fact]
    public void Signs_timestamp_method_path_query_and_body_and_forwards_them_unchanged()
    {
        const string body = "{\"size\":\"0.002\",\"price\":\"50000\",\"side\":\"buy\",\"product_id\":\"BTC-USD\"}";
        var (outcome, output) = Sign("POST", "/orders", "", body, BodyFormat.Json, now: 1_700_000_000_987);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal(EndpointAccess.Signed, output.Access);
        Assert.Equal(body, Encoding.ASCII.GetString(output.Body.WrittenSpan));
        Assert.Equal("", Encoding.ASCII.GetString(output.Query.WrittenSpan));
        Assert.Equal("1700000000POST/orders" + body, Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
        Assert.Equal(Expected("1700000000POST/orders" + body), Header(output, "CB-ACCESS-SIGN"));
        Assert.Equal("1700000000", Header(output, "CB-ACCESS-TIMESTAMP"));
    }

    [Fact]
    public void The_query_is_part_of_the_request_path_and_a_GET_signs_an_empty_body()
    {
        var (_, output) = Sign("GET", "/fills", "product_id=BTC-USD&limit=100", "", BodyFormat.None, now: 1_700_000_001_000);

        Assert.Equal("product_id=BTC-USD&limit=100", Encoding.ASCII.GetString(output.Query.WrittenSpan));
        Assert.Equal("1700000001GET/fills?product_id=BTC-USD&limit=100", Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
        Assert.Equal(Expected("1700000001GET/fills?product_id=BTC-USD&limit=100"), Header(output, "CB-ACCESS-SIGN"));
    }

    [Fact]
    public void Sets_key_sign_timestamp_and_passphrase_from_the_venue_and_strips_the_bots()
    {
        var (_, output) = Sign("GET", "/accounts", "", "", BodyFormat.None, now: 5_000);

        Assert.Equal(4, output.Headers.Count);
        Assert.Equal("venue-key", output.Headers.ConstantValueAt(0));
        Assert.Equal("CB-ACCESS-KEY", output.Headers.NameAt(0));
        Assert.Equal("CB-ACCESS-PASSPHRASE", output.Headers.NameAt(3));
        Assert.Equal("venue-passphrase", output.Headers.ConstantValueAt(3));
        Assert.Equal(["CB-ACCESS-KEY", "CB-ACCESS-SIGN", "CB-ACCESS-TIMESTAMP", "CB-ACCESS-PASSPHRASE"], _scheme.CredentialHeaders);
        Assert.True(_scheme.RequiresPassphrase);
        Assert.Equal(SignatureAlgorithm.HmacSha256, _scheme.Algorithm);
    }

    [Fact]
    public void Refuses_to_sign_without_a_passphrase()
    {
        using var output = new SignedRequest();
        var input = new SigningInput { Method = "GET", Path = "/accounts"u8, UnixTimeMilliseconds = 5_000 };

        Assert.Equal(SignOutcome.Rejected, _scheme.Sign(input, new VenueCredentials("venue-key", _key), output));
        Assert.Equal(0, _key.Signs);
    }

    private (SignOutcome Outcome, SignedRequest Output) Sign(string method, string path, string query, string body, BodyFormat format, long now) =>
        Conformance.SigningOutputs.PrepareAndSign(_scheme, new VenueCredentials("venue-key", _key, "venue-passphrase"), new(method, path, query, body, format) { Host = "api.exchange.coinbase.com" }, now);

    private static string Expected(string prehash) => Convert.ToBase64String(HMACSHA256.HashData(Secret, Encoding.ASCII.GetBytes(prehash)));

    private static string Header(SignedRequest output, string name) => Conformance.SigningOutputs.Header(output, name);
}
