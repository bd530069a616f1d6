using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Signing.Nonces;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Kraken;

/// <summary>Parameter handling of the <c>kraken</c> scheme, with an in-memory key standing in for the HSM.</summary>
public sealed class KrakenSchemeTests
{
    private const long Now = 1_700_000_000_123; // ms; the scheme's nonce floor is this in µs
    private const long NowMicros = Now * 1000;

    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(64);
    private readonly ReferenceHmacKey _key = new(Secret, SignatureAlgorithm.HmacSha512);
    private readonly NonceCounter _nonces = new(null, leaseSpan: 1000);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("kraken", out var s) ? s : throw new InvalidOperationException();

    [Fact]
    public void Adds_the_nonce_first_when_the_bot_sent_none()
    {
        var (outcome, output) = Sign("/0/private/AddOrder", "pair=XBTUSD&type=buy&ordertype=limit&price=37500&volume=1.25", BodyFormat.Form);

        Assert.Equal(SignOutcome.Signed, outcome);
        var body = Encoding.ASCII.GetString(output.Body.WrittenSpan);
        Assert.Equal($"nonce={NowMicros}&pair=XBTUSD&type=buy&ordertype=limit&price=37500&volume=1.25", body);
        Assert.Equal(Expected("/0/private/AddOrder", NowMicros.ToString(System.Globalization.CultureInfo.InvariantCulture), body), Header(output, "API-Sign"));
    }

    [Fact]
    public void An_empty_body_becomes_just_the_nonce()
    {
        var (_, output) = Sign("/0/private/Balance", "", BodyFormat.None);

        Assert.Equal($"nonce={NowMicros}", Encoding.ASCII.GetString(output.Body.WrittenSpan));
    }

    [Fact]
    public void Keeps_a_bot_nonce_above_every_earlier_one_in_place()
    {
        const long botNonce = NowMicros + 5_000_000;
        var sent = $"pair=XBTUSD&nonce={botNonce}&type=buy";

        var (_, output) = Sign("/0/private/AddOrder", sent, BodyFormat.Form);

        Assert.Equal(sent, Encoding.ASCII.GetString(output.Body.WrittenSpan));
        Assert.Equal(Expected("/0/private/AddOrder", botNonce.ToString(System.Globalization.CultureInfo.InvariantCulture), sent), Header(output, "API-Sign"));
    }

    [Fact]
    public void Raises_a_stale_bot_nonce_and_keeps_its_position()
    {
        // ccxt sends millisecond nonces: below the µs floor, so Sidecar raises it.
        var (_, output) = Sign("/0/private/AddOrder", $"nonce={Now}&pair=XBTUSD", BodyFormat.Form);

        Assert.Equal($"nonce={NowMicros}&pair=XBTUSD", Encoding.ASCII.GetString(output.Body.WrittenSpan));
    }

    [Theory]
    [InlineData("nonce=1&pair=XBTUSD&nonce=2", "nonce={0}&pair=XBTUSD")]
    [InlineData("pair=XBTUSD&nonce=abc", "pair=XBTUSD&nonce={0}")]
    [InlineData("pair=XBTUSD&nonce=", "pair=XBTUSD&nonce={0}")]
    [InlineData("pair=XBTUSD&nonce=-5", "pair=XBTUSD&nonce={0}")]
    public void Replaces_duplicate_or_malformed_nonces(string sent, string expectedFormat)
    {
        var (_, output) = Sign("/0/private/AddOrder", sent, BodyFormat.Form);

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expectedFormat, NowMicros), Encoding.ASCII.GetString(output.Body.WrittenSpan));
    }

    [Fact]
    public void Nonces_strictly_increase_with_a_frozen_clock_and_a_replayed_bot_nonce()
    {
        var seen = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var (_, output) = Sign("/0/private/Balance", $"nonce={NowMicros}", BodyFormat.Form);
            seen.Add(long.Parse(Encoding.ASCII.GetString(output.Body.WrittenSpan)["nonce=".Length..], System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal([NowMicros, NowMicros + 1, NowMicros + 2, NowMicros + 3, NowMicros + 4], seen);
    }

    [Fact]
    public void Json_body_nonce_is_rewritten_in_place_with_its_type()
    {
        var sent = "{\"orders\":[{\"nonce\":\"inner\"}],\"nonce\":\"1616492376594\",\"pair\":\"XBTUSD\"}";

        var (outcome, output) = Sign("/0/private/AddOrderBatch", sent, BodyFormat.Json);

        Assert.Equal(SignOutcome.Signed, outcome);
        var body = Encoding.ASCII.GetString(output.Body.WrittenSpan);
        Assert.Equal($"{{\"orders\":[{{\"nonce\":\"inner\"}}],\"nonce\":\"{NowMicros}\",\"pair\":\"XBTUSD\"}}", body);
        Assert.Equal(Expected("/0/private/AddOrderBatch", NowMicros.ToString(System.Globalization.CultureInfo.InvariantCulture), body), Header(output, "API-Sign"));
    }

    [Theory]
    [InlineData("{\"nonce\":17,\"pair\":\"XBTUSD\"}", "{{\"nonce\":{0},\"pair\":\"XBTUSD\"}}")]
    [InlineData("{\"pair\":\"XBTUSD\"}", "{{\"nonce\":\"{0}\",\"pair\":\"XBTUSD\"}}")]
    [InlineData("{}", "{{\"nonce\":\"{0}\"}}")]
    [InlineData(" { \"pair\" : 1 } ", " {{\"nonce\":\"{0}\", \"pair\" : 1 }} ")]
    public void Json_body_nonce_is_added_when_missing(string sent, string expectedFormat)
    {
        var (_, output) = Sign("/0/private/AddOrderBatch", sent, BodyFormat.Json);

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expectedFormat, NowMicros), Encoding.ASCII.GetString(output.Body.WrittenSpan));
    }

    [Fact]
    public void Sets_the_venue_key_and_a_base64_signature()
    {
        var (_, output) = Sign("/0/private/Balance", "", BodyFormat.None);

        Assert.Equal(2, output.Headers.Count);
        Assert.Equal("API-Key", output.Headers.NameAt(0));
        Assert.Equal("venue-api-key", output.Headers.ConstantValueAt(0));
        Assert.Equal("API-Sign", output.Headers.NameAt(1));
        Assert.Equal(64, Convert.FromBase64String(Header(output, "API-Sign")).Length);
    }

    [Fact]
    public void The_query_is_forwarded_verbatim_and_not_signed()
    {
        var (_, output) = Sign("/0/private/Balance", "", BodyFormat.None, query: "x=%2F1");

        Assert.Equal("x=%2F1", Encoding.ASCII.GetString(output.Query.WrittenSpan));
        Assert.Equal(Expected("/0/private/Balance", NowMicros.ToString(System.Globalization.CultureInfo.InvariantCulture), $"nonce={NowMicros}"), Header(output, "API-Sign"));
    }

    [Fact]
    public void Records_the_sha256_of_the_bytes_given_to_the_HSM()
    {
        var (_, output) = Sign("/0/private/Balance", "", BodyFormat.None);

        var inner = SHA256.HashData(Encoding.ASCII.GetBytes($"{NowMicros}nonce={NowMicros}"));
        Assert.Equal(SHA256.HashData([.. "/0/private/Balance"u8, .. inner]), output.SignedBytesSha256.ToArray());
    }

    [Fact]
    public void A_venue_without_a_nonce_source_is_refused()
    {
        using var output = new SignedRequest();
        var input = new SigningInput { Method = "POST", Path = "/0/private/Balance"u8, UnixTimeMilliseconds = Now };

        Assert.Equal(SignOutcome.Rejected, _scheme.Sign(input, new VenueCredentials("k", _key), output));
        Assert.Equal(0, _key.Signs);
    }

    [Fact]
    public async Task Concurrent_signers_sharing_one_counter_get_distinct_nonces_and_valid_signatures()
    {
        var counter = new NonceCounter(null, leaseSpan: 10_000);
        var nonces = new ConcurrentBag<long>();
        var failures = new ConcurrentBag<string>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var credentials = new VenueCredentials("venue-api-key", new ReferenceHmacKey(Secret, SignatureAlgorithm.HmacSha512), nonces: counter);
            using var output = new SignedRequest();
            var body = Encoding.ASCII.GetBytes($"pair=XBTUSD&thread={t}");
            for (var i = 0; i < 1000; i++)
            {
                var input = new SigningInput { Method = "POST", Path = "/0/private/AddOrder"u8, Body = body, BodyFormat = BodyFormat.Form, UnixTimeMilliseconds = Now };
                _scheme.Sign(input, credentials, output);
                var sent = Encoding.ASCII.GetString(output.Body.WrittenSpan);
                var nonce = sent["nonce=".Length..sent.IndexOf('&', StringComparison.Ordinal)];
                nonces.Add(long.Parse(nonce, System.Globalization.CultureInfo.InvariantCulture));
                if (Header(output, "API-Sign") != Expected("/0/private/AddOrder", nonce, sent))
                {
                    failures.Add(sent);
                }
            }
        })));

        Assert.Empty(failures);
        Assert.Equal(8000, nonces.Count);
        Assert.Equal(8000, nonces.Distinct().Count());
        Assert.True(nonces.Min() >= NowMicros);
    }

    [Theory]
    [InlineData("POST", "/0/private/Withdraw", EndpointCategory.Withdrawal)]
    [InlineData("POST", "/0/private/WalletTransfer", EndpointCategory.Transfer)]
    [InlineData("POST", "/0/private/CreateSubaccount", EndpointCategory.SubAccount)]
    [InlineData("POST", "/0/private/BalanceEx", EndpointCategory.Read)]
    [InlineData("POST", "/0/private/AddOrder", EndpointCategory.Trade)]
    [InlineData("POST", "/0/private/CancelOrder", EndpointCategory.Trade)]
    [InlineData("POST", "/0/private/SomethingNew", EndpointCategory.Unknown)]
    public void The_catalog_categorises_private_endpoints_from_the_docs(string method, string path, EndpointCategory expected)
    {
        Assert.Equal(expected, _scheme.Exchange.Endpoints.Find(method, Encoding.ASCII.GetBytes(path)).Category);
    }

    [Fact]
    public void Reads_an_AddOrder_form_for_the_order_guards()
    {
        var read = _scheme.Exchange.Endpoints.Find("POST", "/0/private/AddOrder"u8).ReadOrders([], "nonce=1&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25"u8, BodyFormat.Form);

        var order = Assert.Single(read.Orders);
        Assert.Equal(("XBTUSD", "buy", "limit", 1.25m, 37500m), (order.Symbol, order.Side, order.Type, order.Quantity, order.Price));
    }

    [Theory]
    [InlineData("/0/private/AddOrder", "pair=XBTUSD&type=buy&ordertype=limit&price=%2B5&volume=1", BodyFormat.Form)]
    [InlineData("/0/private/AddOrder", "pair=XBTUSD&type=buy&ordertype=market&volume=100&oflags=viqc", BodyFormat.Form)]
    [InlineData("/0/private/AddOrder", "{\"pair\":\"XBTUSD\"}", BodyFormat.Json)]
    [InlineData("/0/private/AddOrderBatch", "{\"orders\":[]}", BodyFormat.Json)]
    public void Orders_the_guards_cannot_judge_are_reported_unreadable(string path, string body, BodyFormat format)
    {
        var read = _scheme.Exchange.Endpoints.Find("POST", Encoding.ASCII.GetBytes(path)).ReadOrders([], Encoding.ASCII.GetBytes(body), format);

        Assert.NotNull(read.UnreadableReason);
    }

    [Fact]
    public void Accepts_form_and_json_bodies_only()
    {
        Assert.True(_scheme.Accepts(BodyFormat.Form) && _scheme.Accepts(BodyFormat.Json) && _scheme.Accepts(BodyFormat.None));
        Assert.False(_scheme.Accepts(BodyFormat.Other));
    }

    private (SignOutcome, SignedRequest) Sign(string path, string body, BodyFormat format, string query = "")
    {
        var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = "POST",
            Path = Encoding.ASCII.GetBytes(path),
            Query = Encoding.ASCII.GetBytes(query),
            Body = Encoding.ASCII.GetBytes(body),
            BodyFormat = format,
            UnixTimeMilliseconds = Now,
        };
        return (_scheme.Sign(input, new VenueCredentials("venue-api-key", _key, nonces: _nonces), output), output);
    }

    private static string Header(SignedRequest output, string name) => Conformance.SigningOutputs.Header(output, name);

    /// <summary>Kraken's docs, written independently of the scheme: base64(HMAC-SHA512(secret, path + SHA256(nonce + body))).</summary>
    private static string Expected(string path, string nonce, string body)
    {
        var inner = SHA256.HashData(Encoding.ASCII.GetBytes(nonce + body));
        byte[] message = [.. Encoding.ASCII.GetBytes(path), .. inner];
        return Convert.ToBase64String(HMACSHA512.HashData(Secret, message));
    }
}
