using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Gate;

/// <summary>
/// Gate's published examples (gate.com/docs/developers/apiv4, "API Signature string generation" → "Examples":
/// key <c>key</c>, secret <c>secret</c>, Timestamp 1541993715), signed inside SoftHSM2 through the scheme exactly
/// as the proxy does.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class GateKnownAnswerTests(SoftHsmToken token)
{
    private const long DocsTimestampMillis = 1_541_993_715_000;

    public static TheoryData<string, string, string, string, BodyFormat, string> Vectors => new()
    {
        {
            // "1. List all orders".
            "GET", "/api/v4/futures/orders", "contract=BTC_USD&status=finished&limit=50", "", BodyFormat.None,
            "55f84ea195d6fe57ce62464daaa7c3c02fa9d1dde954e4c898289c9a2407a3d6fb3faf24deff16790d726b66ac9f74526668b13bd01029199cc4fcc522418b8a"
        },
        {
            // "2. Create an order".
            "POST", "/api/v4/futures/orders", "", "{\"contract\":\"BTC_USD\",\"type\":\"limit\",\"size\":100,\"price\":6800,\"time_in_force\":\"gtc\"}", BodyFormat.Json,
            "eae42da914a590ddf727473aff25fc87d50b64783941061f47a3fdb92742541fc4c2c14017581b4199a1418d54471c269c03a38d788d802e2c306c37636389f0"
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Docs_examples_signed_in_SoftHSM_match(string method, string path, string query, string body, BodyFormat format, string expected)
    {
        var signed = SignThroughHsm(method, path, query, body, format);

        Assert.Equal("key", signed.Key);
        Assert.Equal("1541993715", signed.Timestamp);
        Assert.Equal(expected, signed.Sign);
        Assert.Equal(query, signed.Query);
        Assert.Equal(body, signed.Body);
    }

    [Fact]
    public void A_one_byte_change_in_the_prehash_changes_the_signature()
    {
        var signed = SignThroughHsm("GET", "/api/v4/futures/orders", "contract=BTC_USD&status=finished&limit=51", "", BodyFormat.None);

        Assert.NotEqual("55f84ea195d6fe57ce62464daaa7c3c02fa9d1dde954e4c898289c9a2407a3d6fb3faf24deff16790d726b66ac9f74526668b13bd01029199cc4fcc522418b8a", signed.Sign);
    }

    private (string Key, string Timestamp, string Sign, string Query, string Body) SignThroughHsm(string method, string path, string query, string body, BodyFormat format)
    {
        var label = TestSecrets.Label("kat-gate");
        token.ImportHmac(label, Encoding.UTF8.GetBytes("secret"));
        using var hsm = token.Connect();
        Assert.True(SigningSchemes.TryGet("gate-v4", out var scheme));
        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = method,
            Path = Encoding.ASCII.GetBytes(path),
            Query = Encoding.ASCII.GetBytes(query),
            Body = Encoding.ASCII.GetBytes(body),
            BodyFormat = format,
            UnixTimeMilliseconds = DocsTimestampMillis,
        };

        Assert.Equal(SignOutcome.Signed, scheme.Sign(input, new VenueCredentials("key", hsm.ResolveSigningKey(label, scheme.Algorithm)), output));
        return (output.Headers.ConstantValueAt(0)!, Encoding.ASCII.GetString(output.Headers.ComputedValueAt(1)), Encoding.ASCII.GetString(output.Headers.ComputedValueAt(2)),
            Encoding.ASCII.GetString(output.Query.WrittenSpan), Encoding.ASCII.GetString(output.Body.WrittenSpan));
    }
}
