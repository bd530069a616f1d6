using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.CoinbaseExchange;

/// <summary>
/// The bot's own <c>CB-ACCESS-TIMESTAMP</c> ("number of seconds since Unix Epoch in UTC. Decimal values are
/// allowed"): kept byte-for-byte and signed when well-formed, replaced by now otherwise.
/// </summary>
public sealed class CoinbaseExchangeBotTimestampTests
{
    private const long Now = 1_700_000_000_987;
    private const string Body = "{\"type\":\"limit\",\"side\":\"buy\",\"product_id\":\"BTC-USD\",\"price\":\"50000\",\"size\":\"0.002\"}";

    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(64);
    private readonly ReferenceHmacKey _key = new(Secret);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("coinbase-exchange", out var s) ? s : throw new InvalidOperationException();

    [Theory]
    [InlineData("1700000001")] // ccxt: whole seconds
    [InlineData("1699999990")]
    [InlineData("1700000000.5")]
    [InlineData("1700000000.123")] // ms decimals
    [InlineData("1700000000.123456")] // Python's str(time.time())
    [InlineData("1700000000.123456789")] // nine decimals: the most kept
    public void A_valid_bot_timestamp_is_kept_byte_for_byte_and_signed(string timestamp)
    {
        using var output = Sign(timestamp);

        Assert.Equal(timestamp, Header(output, "CB-ACCESS-TIMESTAMP"));
        Assert.Equal($"{timestamp}POST/orders{Body}", Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
        Assert.Equal(Expected($"{timestamp}POST/orders{Body}"), Header(output, "CB-ACCESS-SIGN"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1")]
    [InlineData("170000000")] // nine digits
    [InlineData("17000000000")] // eleven digits (or milliseconds without the point)
    [InlineData("1700000000123")] // milliseconds
    [InlineData("0700000000")]
    [InlineData("1700000000.")]
    [InlineData(".1700000000")]
    [InlineData("1700000000.1234567890")] // ten decimals
    [InlineData("1700000000,123")]
    [InlineData("1700000000.12a")]
    [InlineData("1700000000.1.2")]
    [InlineData("+1700000000")]
    [InlineData("-1700000000")]
    [InlineData("1.7e9")]
    [InlineData(" 1700000000")]
    [InlineData("1700000000 ")]
    [InlineData("17000000x0")]
    [InlineData("１７００００００００")] // full-width digits
    public void A_malformed_bot_timestamp_is_replaced_by_now(string timestamp)
    {
        using var output = Sign(timestamp);

        Assert.Equal("1700000000", Header(output, "CB-ACCESS-TIMESTAMP"));
        Assert.Equal(Expected($"1700000000POST/orders{Body}"), Header(output, "CB-ACCESS-SIGN"));
    }

    [Fact]
    public void Without_a_bot_timestamp_now_is_sent()
    {
        using var output = Sign(null);

        Assert.Equal("1700000000", Header(output, "CB-ACCESS-TIMESTAMP"));
    }

    [Fact]
    public void The_bots_key_signature_and_passphrase_are_replaced_while_its_timestamp_is_kept()
    {
        using var output = Sign("1700000002.25", key: "placeholder-key", sign: "cGxhY2Vob2xkZXI=", passphrase: "placeholder");

        Assert.Equal("venue-key", Header(output, "CB-ACCESS-KEY"));
        Assert.Equal("venue-passphrase", Header(output, "CB-ACCESS-PASSPHRASE"));
        Assert.Equal("1700000002.25", Header(output, "CB-ACCESS-TIMESTAMP"));
        Assert.Equal(Expected($"1700000002.25POST/orders{Body}"), Header(output, "CB-ACCESS-SIGN"));
    }

    private SignedRequest Sign(string? timestamp, string? key = null, string? sign = null, string? passphrase = null)
    {
        var credentials = new VenueCredentials("venue-key", _key, "venue-passphrase");
        _scheme.Prepare(credentials);
        var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = "POST",
            Path = "/orders"u8,
            Body = Encoding.ASCII.GetBytes(Body),
            BodyFormat = BodyFormat.Json,
            Host = "api.exchange.coinbase.com",
            CredentialHeaderValues = new string?[] { key, sign, timestamp, passphrase }, // KEY, SIGN, TIMESTAMP, PASSPHRASE
            UnixTimeMilliseconds = Now,
        };
        Assert.Equal(SignOutcome.Signed, _scheme.Sign(input, credentials, output));
        return output;
    }

    private static string Expected(string prehash) => Convert.ToBase64String(HMACSHA256.HashData(Secret, Encoding.ASCII.GetBytes(prehash)));

    private static string Header(SignedRequest output, string name)
    {
        for (var i = 0; i < output.Headers.Count; i++)
        {
            if (output.Headers.NameAt(i) == name)
            {
                return output.Headers.ConstantValueAt(i) ?? Encoding.ASCII.GetString(output.Headers.ComputedValueAt(i));
            }
        }

        throw new KeyNotFoundException(name);
    }
}
