using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Deribit;

/// <summary>
/// The ts and nonce of the bot's own <c>Authorization: deri-hmac-sha256 id=…,ts=…,sig=…,nonce=…</c>: parsed
/// strictly, kept byte-for-byte and signed when well-formed, generated otherwise; the bot's id and sig never survive.
/// </summary>
public sealed class DeribitBotAuthorizationTests
{
    private const long Now = 1_700_000_000_123;
    private const string Uri = "/api/v2/private/get_account_summary?currency=BTC";

    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("AMANDASECRECT");
    private readonly ReferenceHmacKey _key = new(Secret);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("deribit", out var s) ? s : throw new InvalidOperationException();

    [Theory]
    // ccxt: ms timestamp and ms nonce.
    [InlineData("deri-hmac-sha256 id=placeholder,ts=1700000000456,sig=abcdef,nonce=1700000000456", "1700000000456", "1700000000456")]
    // The docs' shape with a random string nonce.
    [InlineData("deri-hmac-sha256 id=AMANDA,ts=1700000000100,sig=00ff,nonce=abcd", "1700000000100", "abcd")]
    // Spaces after the commas, as the newer docs write it; scheme name in any case; fields in another order.
    [InlineData("deri-hmac-sha256 id=x, ts=1700000000200, sig=y, nonce=Z_9.-q", "1700000000200", "Z_9.-q")]
    [InlineData("Deri-HMAC-SHA256 nonce=f47ac10b-58cc-4372-a567-0e02b2c3d479,sig=s,ts=1700000000300,id=i", "1700000000300", "f47ac10b-58cc-4372-a567-0e02b2c3d479")]
    public void A_well_formed_bot_ts_and_nonce_are_kept_byte_for_byte_and_signed(string authorization, string ts, string nonce)
    {
        using var output = Sign(authorization);

        var header = Encoding.ASCII.GetString(output.Headers.ComputedValueAt(0));
        var prehash = $"{ts}\n{nonce}\nGET\n{Uri}\n\n";
        Assert.Equal($"deri-hmac-sha256 id=AMANDA,ts={ts},sig={Expected(prehash)},nonce={nonce}", header);
        Assert.Equal(prehash, Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
    }

    [Fact]
    public void A_nonce_of_64_characters_is_kept()
    {
        var nonce = new string('n', 64);

        using var output = Sign($"deri-hmac-sha256 id=x,ts=1700000000456,sig=y,nonce={nonce}");

        Assert.Equal(nonce, DeribitSchemeTests.Authorization(output)["nonce"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("deri-hmac-sha256")]
    [InlineData("deri-hmac-sha256 ")]
    [InlineData("deri-hmac-sha256  id=x,ts=1700000000456,sig=y,nonce=n")] // two spaces
    [InlineData("deri-hmac-sha256id=x,ts=1700000000456,sig=y,nonce=n")]
    [InlineData("deri-hmac-sha512 id=x,ts=1700000000456,sig=y,nonce=n")]
    [InlineData("deri-hmac-sha256 ts=1700000000456,sig=y,nonce=n")] // no id
    [InlineData("deri-hmac-sha256 id=x,ts=1700000000456,nonce=n")] // no sig
    [InlineData("deri-hmac-sha256 id=,ts=1700000000456,sig=y,nonce=n")] // empty id
    [InlineData("deri-hmac-sha256 id=x,ts=1700000000456,sig=y,nonce=n,")] // trailing comma
    [InlineData("deri-hmac-sha256 id=x,ts=1700000000456,ts=1700000000457,sig=y,nonce=n")] // a field twice
    [InlineData("deri-hmac-sha256 id=x,ts=1700000000456,sig=y,nonce=n,extra=1")]
    [InlineData("deri-hmac-sha256 id=x,TS=1700000000456,sig=y,nonce=n")]
    [InlineData("deri-hmac-sha256 id=x,ts =1700000000456,sig=y,nonce=n")]
    [InlineData("deri-hmac-sha256 id=x,ts=1700000000456 ,sig=y,nonce=n")]
    [InlineData("deri-hmac-sha256 id=x;ts=1700000000456;sig=y;nonce=n")]
    [InlineData("deri-hmac-sha256 id=x,ts=1700000000456,sig=y,nonce=n\t")]
    [InlineData("deri-hmac-sha256 id=x,ts=1700000000456,sig=y\u00e9,nonce=n")] // not ASCII
    [InlineData("deri-hmac-sha256 id=x,ts=1700000000456,sig=y,nonce=\u00e9")]
    [InlineData("deri-hmac-sha256 id=x,ts=,sig=y,nonce=n")] // empty ts
    [InlineData("deri-hmac-sha256 id=x,ts=1700000000456,sig=y,nonce=")] // empty nonce
    public void A_malformed_header_yields_neither_ts_nor_nonce(string authorization)
    {
        using var output = Sign(authorization);

        AssertGenerated(output, ts: true, nonce: true);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1")]
    [InlineData("1700000000")] // seconds
    [InlineData("170000000045")] // 12 digits
    [InlineData("17000000004560")] // 14 digits
    [InlineData("0700000000456")]
    [InlineData("+700000000456")]
    [InlineData("1700000000.45")]
    [InlineData("17000000004x6")]
    public void A_malformed_ts_is_replaced_and_a_good_nonce_kept(string ts)
    {
        using var output = Sign($"deri-hmac-sha256 id=x,ts={ts},sig=y,nonce=keep-me");

        var auth = DeribitSchemeTests.Authorization(output);
        AssertGenerated(output, ts: true, nonce: false);
        Assert.Equal("keep-me", auth["nonce"]);
    }

    [Theory]
    [InlineData("a+b")]
    [InlineData("a/b")]
    [InlineData("a=b")]
    [InlineData("a\"b")]
    [InlineData("a:b")]
    public void A_malformed_nonce_is_replaced_and_a_good_ts_kept(string nonce)
    {
        using var output = Sign($"deri-hmac-sha256 id=x,ts=1700000000456,sig=y,nonce={nonce}");

        AssertGenerated(output, ts: false, nonce: true);
        Assert.Equal("1700000000456", DeribitSchemeTests.Authorization(output)["ts"]);
    }

    [Fact]
    public void A_nonce_longer_than_64_characters_is_replaced()
    {
        using var output = Sign($"deri-hmac-sha256 id=x,ts=1700000000456,sig=y,nonce={new string('n', 65)}");

        AssertGenerated(output, ts: false, nonce: true);
    }

    [Fact]
    public void Without_a_bot_header_ts_and_nonce_are_generated()
    {
        using var output = Sign(null);

        AssertGenerated(output, ts: true, nonce: true);
    }

    private static void AssertGenerated(SignedRequest output, bool ts, bool nonce)
    {
        var auth = DeribitSchemeTests.Authorization(output);
        Assert.Equal("AMANDA", auth["id"]);
        if (ts)
        {
            Assert.Equal("1700000000123", auth["ts"]);
        }

        if (nonce)
        {
            Assert.Matches("^[0-9a-f]{16}$", auth["nonce"]);
        }

        var prehash = $"{auth["ts"]}\n{auth["nonce"]}\nGET\n{Uri}\n\n";
        Assert.Equal(prehash, Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
        Assert.Equal(Expected(prehash), auth["sig"]);
    }

    private SignedRequest Sign(string? authorization)
    {
        var credentials = new VenueCredentials("AMANDA", _key);
        _scheme.Prepare(credentials);
        var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = "GET",
            Path = "/api/v2/private/get_account_summary"u8,
            Query = "currency=BTC"u8,
            Host = "www.deribit.com",
            CredentialHeaderValues = new string?[] { authorization }, // Authorization
            UnixTimeMilliseconds = Now,
        };
        Assert.Equal(SignOutcome.Signed, _scheme.Sign(input, credentials, output));
        return output;
    }

    private static string Expected(string prehash) => Convert.ToHexStringLower(HMACSHA256.HashData(Secret, Encoding.ASCII.GetBytes(prehash)));
}
