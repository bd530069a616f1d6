using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Clock;

/// <summary>
/// <c>Clock:Restamp</c> through <see cref="SigningInput.Restamp"/>: every scheme that keeps a well-formed timestamp
/// the bot chose keeps it when the flag is off, and signs Sidecar's (exchange-corrected) time instead when it is on.
/// </summary>
public sealed class RestampTests
{
    private const long Now = 1_700_000_000_123;

    public static TheoryData<string, string, string, string, string?, string, string, string> Cases => new()
    {
        // scheme, method, path, query or form body, credential header (null: a parameter), bot value, bot text forwarded, Sidecar's text
        { "binance-hmac", "GET", "/api/v3/account", "recvWindow=5000&timestamp=1699999990000", null, "", "timestamp=1699999990000", "timestamp=1700000000123" },
        { "binance-hmac", "POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&timestamp=1699999990000", null, "", "timestamp=1699999990000", "timestamp=1700000000123" },
        { "bybit-v5", "GET", "/v5/account/wallet-balance", "accountType=UNIFIED", "X-BAPI-TIMESTAMP", "1699999990000", "1699999990000", "1700000000123" },
        { "okx-v5", "GET", "/api/v5/account/balance", "", "OK-ACCESS-TIMESTAMP", "2023-11-14T22:13:10.000Z", "2023-11-14T22:13:10.000Z", "2023-11-14T22:13:20.123Z" },
        { "kucoin", "GET", "/api/v1/accounts", "type=trade", "KC-API-TIMESTAMP", "1699999990000", "1699999990000", "1700000000123" },
        { "gate-v4", "GET", "/api/v4/spot/accounts", "currency=BTC", "Timestamp", "1699999990", "1699999990", "1700000000" },
        { "coinbase-exchange", "GET", "/accounts", "", "CB-ACCESS-TIMESTAMP", "1699999990", "1699999990", "1700000000" },
        { "deribit", "GET", "/api/v2/private/get_account_summary", "currency=BTC", "Authorization", "deri-hmac-sha256 id=placeholder,ts=1699999990000,sig=00ff,nonce=abcd", "ts=1699999990000", "ts=1700000000123" },
        { "bitmex", "GET", "/api/v1/position", "", "api-expires", "1700000100", "1700000100", "1700000030" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bot_timestamp_is_kept_without_restamp(string scheme, string method, string path, string parameters, string? header, string botValue, string botText, string sidecarText)
    {
        var forwarded = SignAndRead(scheme, method, path, parameters, header, botValue, restamp: false);

        Assert.Contains(botText, forwarded, StringComparison.Ordinal);
        Assert.DoesNotContain(sidecarText, forwarded, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bot_timestamp_is_replaced_with_restamp(string scheme, string method, string path, string parameters, string? header, string botValue, string botText, string sidecarText)
    {
        var forwarded = SignAndRead(scheme, method, path, parameters, header, botValue, restamp: true);

        Assert.Contains(sidecarText, forwarded, StringComparison.Ordinal);
        Assert.DoesNotContain(botText, forwarded, StringComparison.Ordinal);
    }

    [Fact]
    public void Binance_restamp_leaves_exactly_one_timestamp_signed_where_the_parameters_are()
    {
        var forwarded = SignAndRead("binance-hmac", "POST", "/api/v3/order", "timestamp=1699999990000&symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1", null, "", restamp: true);

        Assert.Equal(1, CountOf(forwarded, "timestamp="));
        Assert.Contains("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&timestamp=1700000000123&signature=", forwarded, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kraken", "/0/private/Balance", "nonce=1699999990000000")]
    [InlineData("bitfinex-v2", "/v2/auth/r/wallets", "")]
    public void Nonce_schemes_ignore_restamp(string scheme, string path, string body)
    {
        // Nonces only have to increase; restamping is about timestamps the exchange compares with its clock.
        var kept = SignAndRead(scheme, "POST", path, body, null, "", restamp: false, nonces: new FixedNonces());
        var restamped = SignAndRead(scheme, "POST", path, body, null, "", restamp: true, nonces: new FixedNonces());

        Assert.Equal(kept, restamped);
    }

    private static string SignAndRead(string schemeName, string method, string path, string parameters, string? header, string botValue, bool restamp,
        Sidecar.Signing.Nonces.INonceSource? nonces = null)
    {
        var scheme = SigningSchemes.TryGet(schemeName, out var s) ? s : throw new InvalidOperationException(schemeName);
        var credentials = new VenueCredentials("venue-api-key", new ReferenceHmacKey(Encoding.ASCII.GetBytes("a-test-secret-of-some-length-0123456789"), scheme.Algorithm),
            scheme.RequiresPassphrase ? "test-passphrase" : null, nonces);
        scheme.Prepare(credentials);
        var values = new string?[scheme.CredentialHeaders.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = string.Equals(scheme.CredentialHeaders[i], header, StringComparison.OrdinalIgnoreCase) ? botValue : null;
        }

        var isBody = method == "POST";
        var format = !isBody || parameters.Length == 0 ? BodyFormat.None : BodyFormat.Form;
        var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = method,
            Path = Encoding.ASCII.GetBytes(path),
            Query = isBody ? [] : Encoding.ASCII.GetBytes(parameters),
            Body = isBody ? Encoding.ASCII.GetBytes(parameters) : [],
            BodyFormat = format,
            Host = "exchange.example",
            CredentialHeaderValues = values,
            UnixTimeMilliseconds = Now,
            Restamp = restamp,
        };
        Assert.Equal(SignOutcome.Signed, scheme.Sign(input, credentials, output));

        var text = new StringBuilder();
        text.Append(Encoding.ASCII.GetString(output.Query.WrittenSpan)).Append('\n');
        text.Append(Encoding.ASCII.GetString(output.Body.WrittenSpan)).Append('\n');
        for (var i = 0; i < output.Headers.Count; i++)
        {
            text.Append(output.Headers.NameAt(i)).Append(": ")
                .Append(output.Headers.ConstantValueAt(i) ?? Encoding.ASCII.GetString(output.Headers.ComputedValueAt(i))).Append('\n');
        }

        return text.ToString();
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private sealed class FixedNonces : Sidecar.Signing.Nonces.INonceSource
    {
        private long _last = 1_700_000_000_000_000;

        public long Next(long candidate) => _last = Math.Max(_last + 1, candidate);
    }
}
