using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Nonces;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Kraken;

/// <summary>
/// The bot's Kraken nonce counts only when it is plain ASCII digits no larger than 2^62 - 1: a valid one above the
/// clock is kept, a stale one raised, and one that is not digits or too large is replaced as if absent — so a single
/// absurd nonce cannot push the key's counter to where it would overflow and go backwards.
/// </summary>
public sealed class KrakenBotNonceTests
{
    private const long Now = 1_700_000_000_123;
    private const long NowMicros = Now * 1000;
    private const long MaxBotNonce = (1L << 62) - 1;

    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(64);
    private readonly ReferenceHmacKey _key = new(Secret, SignatureAlgorithm.HmacSha512);
    private readonly NonceCounter _nonces = new(null, leaseSpan: 1000);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("kraken", out var s) ? s : throw new InvalidOperationException();

    [Fact]
    public void The_largest_accepted_bot_nonce_is_two_to_the_62_minus_one()
    {
        Assert.Equal(MaxBotNonce, long.MaxValue / 2);
    }

    [Fact]
    public void A_bot_nonce_at_the_limit_is_kept_and_signed()
    {
        var sent = $"nonce={MaxBotNonce}&pair=XBTUSD";

        var body = Sign(sent, BodyFormat.Form);

        Assert.Equal(sent, body);
        var next = Sign("pair=XBTUSD", BodyFormat.Form);
        Assert.Equal($"nonce={MaxBotNonce + 1}&pair=XBTUSD", next);
    }

    [Fact]
    public void A_nanosecond_bot_nonce_is_kept()
    {
        const long nanos = Now * 1_000_000;
        var sent = $"nonce={nanos}&pair=XBTUSD";

        Assert.Equal(sent, Sign(sent, BodyFormat.Form));
    }

    [Theory]
    [InlineData("4611686018427387904")] // 2^62
    [InlineData("9223372036854775807")] // long.MaxValue
    [InlineData("18446744073709551615")] // ulong.MaxValue
    [InlineData("99999999999999999999999")]
    [InlineData("+1700000000123000000")]
    [InlineData("%2B1700000000123000000")]
    [InlineData("1700000000123000000.0")]
    [InlineData("17e17")]
    [InlineData("0x1")]
    public void A_bot_nonce_that_is_not_plain_digits_up_to_the_limit_is_replaced_and_the_counter_stays_sane(string nonce)
    {
        var body = Sign($"nonce={nonce}&pair=XBTUSD", BodyFormat.Form);

        Assert.Equal($"nonce={NowMicros}&pair=XBTUSD", body);
        Assert.Equal($"nonce={NowMicros + 1}&pair=XBTUSD", Sign("pair=XBTUSD", BodyFormat.Form));
        Assert.Equal(NowMicros + 1, _nonces.Last);
    }

    [Theory]
    [InlineData("{\"nonce\":\"9223372036854775807\",\"pair\":\"XBTUSD\"}", "{{\"nonce\":\"{0}\",\"pair\":\"XBTUSD\"}}")]
    [InlineData("{\"nonce\":9223372036854775807,\"pair\":\"XBTUSD\"}", "{{\"nonce\":{0},\"pair\":\"XBTUSD\"}}")]
    [InlineData("{\"nonce\":1.7e18,\"pair\":\"XBTUSD\"}", "{{\"nonce\":{0},\"pair\":\"XBTUSD\"}}")]
    [InlineData("{\"nonce\":\" 1700000000123000000\",\"pair\":\"XBTUSD\"}", "{{\"nonce\":\"{0}\",\"pair\":\"XBTUSD\"}}")]
    public void A_json_bot_nonce_out_of_range_is_replaced_in_place(string sent, string expectedFormat)
    {
        var body = Sign(sent, BodyFormat.Json);

        Assert.Equal(string.Format(CultureInfo.InvariantCulture, expectedFormat, NowMicros), body);
    }

    [Fact]
    public void A_json_bot_nonce_above_the_clock_is_kept()
    {
        var sent = $"{{\"nonce\":\"{NowMicros + 5}\",\"pair\":\"XBTUSD\"}}";

        Assert.Equal(sent, Sign(sent, BodyFormat.Json));
    }

    [Fact]
    public void A_stale_bot_nonce_is_raised_above_the_last_one()
    {
        Sign($"nonce={NowMicros + 100}", BodyFormat.Form);

        Assert.Equal($"nonce={NowMicros + 101}", Sign($"nonce={NowMicros + 50}", BodyFormat.Form));
    }

    /// <summary>Signs a private POST and returns the forwarded body, after checking the signature covers it.</summary>
    private string Sign(string body, BodyFormat format)
    {
        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = "POST",
            Path = "/0/private/AddOrder"u8,
            Body = Encoding.ASCII.GetBytes(body),
            BodyFormat = format,
            UnixTimeMilliseconds = Now,
        };
        Assert.Equal(SignOutcome.Signed, _scheme.Sign(input, new VenueCredentials("venue-api-key", _key, nonces: _nonces), output));
        var forwarded = Encoding.ASCII.GetString(output.Body.WrittenSpan);
        Assert.Equal(Expected("/0/private/AddOrder", NonceOf(forwarded), forwarded), Header(output, "API-Sign"));
        return forwarded;
    }

    private static string NonceOf(string forwarded)
    {
        var start = forwarded.IndexOf("nonce", StringComparison.Ordinal) + "nonce".Length;
        while (!char.IsAsciiDigit(forwarded[start]))
        {
            start++;
        }

        var end = start;
        while (end < forwarded.Length && char.IsAsciiDigit(forwarded[end]))
        {
            end++;
        }

        return forwarded[start..end];
    }

    private static string Header(SignedRequest output, string name) => Conformance.SigningOutputs.Header(output, name);

    /// <summary>Kraken's docs, independently of the scheme: base64(HMAC-SHA512(secret, path + SHA256(nonce + body))).</summary>
    private static string Expected(string path, string nonce, string body)
    {
        var inner = SHA256.HashData(Encoding.ASCII.GetBytes(nonce + body));
        byte[] message = [.. Encoding.ASCII.GetBytes(path), .. inner];
        return Convert.ToBase64String(HMACSHA512.HashData(Secret, message));
    }
}
