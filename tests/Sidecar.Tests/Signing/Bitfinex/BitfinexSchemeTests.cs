using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Signing.Nonces;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Bitfinex;

/// <summary>Parameter handling of the <c>bitfinex-v2</c> scheme, with an in-memory key standing in for the HSM.</summary>
public sealed class BitfinexSchemeTests
{
    private const long Now = 1_700_000_000_123;
    private const long NowMicros = Now * 1000;

    private static readonly byte[] Secret = Encoding.ASCII.GetBytes(TestSecrets.BinanceStyle());
    private readonly ReferenceHmacKey _key = new(Secret, SignatureAlgorithm.HmacSha384);
    private readonly NonceCounter _nonces = new(null, leaseSpan: 1000);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("bitfinex-v2", out var s) ? s : throw new InvalidOperationException();

    [Fact]
    public void Signs_api_slash_path_nonce_and_body_and_sets_the_three_headers()
    {
        const string body = "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tBTCUSD\",\"amount\":\"0.002\",\"price\":\"50000\"}";

        var (outcome, output) = Sign("/v2/auth/w/order/submit", body, BodyFormat.Json);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal(body, Encoding.ASCII.GetString(output.Body.WrittenSpan));
        Assert.Equal(3, output.Headers.Count);
        Assert.Equal(NowMicros.ToString(CultureInfo.InvariantCulture), Header(output, "bfx-nonce"));
        Assert.Equal("venue-api-key", Header(output, "bfx-apikey"));
        Assert.Equal(Expected($"/api/v2/auth/w/order/submit{NowMicros}{body}"), Header(output, "bfx-signature"));
    }

    [Fact]
    public void An_empty_body_is_signed_as_empty_and_forwarded_empty()
    {
        var (_, output) = Sign("/v2/auth/r/wallets", "", BodyFormat.None);

        Assert.Equal(0, output.Body.Length);
        Assert.Equal(Expected($"/api/v2/auth/r/wallets{NowMicros}"), Header(output, "bfx-signature"));
    }

    [Fact]
    public void A_query_string_is_part_of_the_signed_api_path_and_forwarded_verbatim()
    {
        var (_, output) = Sign("/v2/auth/r/orders/hist", "{}", BodyFormat.Json, query: "limit=25&start=1");

        Assert.Equal("limit=25&start=1", Encoding.ASCII.GetString(output.Query.WrittenSpan));
        Assert.Equal(Expected($"/api/v2/auth/r/orders/hist?limit=25&start=1{NowMicros}{{}}"), Header(output, "bfx-signature"));
    }

    [Fact]
    public void Nonces_strictly_increase_with_a_frozen_clock()
    {
        var seen = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            seen.Add(Header(Sign("/v2/auth/r/wallets", "{}", BodyFormat.Json).Output, "bfx-nonce"));
        }

        Assert.Equal([$"{NowMicros}", $"{NowMicros + 1}", $"{NowMicros + 2}"], seen);
    }

    [Fact]
    public void Records_the_sha256_of_the_bytes_given_to_the_HSM()
    {
        var (_, output) = Sign("/v2/auth/r/wallets", "{}", BodyFormat.Json);

        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes($"/api/v2/auth/r/wallets{NowMicros}{{}}")), output.SignedBytesSha256.ToArray());
    }

    [Fact]
    public async Task Concurrent_signers_sharing_one_counter_get_distinct_nonces_and_valid_signatures()
    {
        var counter = new NonceCounter(null, leaseSpan: 10_000);
        var nonces = new ConcurrentBag<long>();
        var failures = new ConcurrentBag<string>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var credentials = new VenueCredentials("venue-api-key", new ReferenceHmacKey(Secret, SignatureAlgorithm.HmacSha384), nonces: counter);
            using var output = new SignedRequest();
            var body = Encoding.ASCII.GetBytes($"{{\"thread\":{t}}}");
            for (var i = 0; i < 1000; i++)
            {
                var input = new SigningInput { Method = "POST", Path = "/v2/auth/r/wallets"u8, Body = body, BodyFormat = BodyFormat.Json, UnixTimeMilliseconds = Now };
                _scheme.Sign(input, credentials, output);
                var nonce = Header(output, "bfx-nonce");
                nonces.Add(long.Parse(nonce, CultureInfo.InvariantCulture));
                if (Header(output, "bfx-signature") != Expected($"/api/v2/auth/r/wallets{nonce}{{\"thread\":{t}}}"))
                {
                    failures.Add(nonce);
                }
            }
        })));

        Assert.Empty(failures);
        Assert.Equal(8000, nonces.Distinct().Count());
        Assert.True(nonces.Min() >= NowMicros);
    }

    private (SignOutcome Outcome, SignedRequest Output) Sign(string path, string body, BodyFormat format, string query = "")
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

    private static string Expected(string message) => Convert.ToHexStringLower(HMACSHA384.HashData(Secret, Encoding.ASCII.GetBytes(message)));
}
