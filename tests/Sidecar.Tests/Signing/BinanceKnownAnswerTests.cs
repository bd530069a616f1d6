using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing;

/// <summary>Binance's published examples, signed inside SoftHSM2 through the scheme exactly as the proxy does.</summary>
[Collection(HsmCollection.Name)]
public sealed class BinanceKnownAnswerTests(SoftHsmToken token)
{
    public static TheoryData<string, string, string, string> Vectors => new()
    {
        {
            // Spot docs, "SIGNED Endpoint Examples for POST /api/v3/order — HMAC Keys".
            "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
            "/api/v3/order",
            "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559",
            "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
        },
        {
            // USD-M futures docs, "SIGNED Endpoint Examples for POST /fapi/v1/order".
            "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9",
            "/fapi/v1/order",
            "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943",
            "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9"
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Form_body_signed_in_SoftHSM_matches_the_docs(string secret, string path, string totalParams, string expected)
    {
        var signed = SignThroughHsm(secret, "POST", path, query: "", body: totalParams, BodyFormat.Form);

        Assert.Equal("", Encoding.ASCII.GetString(signed.Query));
        Assert.Equal(totalParams + "&signature=" + expected, Encoding.ASCII.GetString(signed.Body));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Query_string_signed_in_SoftHSM_matches_the_docs(string secret, string path, string totalParams, string expected)
    {
        var signed = SignThroughHsm(secret, "POST", path, query: totalParams, body: "", BodyFormat.None);

        Assert.Equal(totalParams + "&signature=" + expected, Encoding.ASCII.GetString(signed.Query));
        Assert.Equal("", Encoding.ASCII.GetString(signed.Body));
    }

    [Fact]
    public void Mixed_query_and_body_sign_their_concatenation_as_the_docs_example_3()
    {
        // Docs example 3: query "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC", body the rest; the
        // signature is the one over "…timeInForce=GTCquantity=1…" (no '&' between the two).
        var signed = SignThroughHsm(
            "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j", "POST", "/api/v3/order",
            query: "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC",
            body: "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559", BodyFormat.Form);

        Assert.Equal("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC", Encoding.ASCII.GetString(signed.Query));
        Assert.Equal("quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77",
            Encoding.ASCII.GetString(signed.Body));
    }

    [Fact]
    public void A_one_byte_change_in_the_prehash_changes_the_signature()
    {
        const string secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
        const string good = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
        var mutated = good.Replace("price=0.1", "price=0.2", StringComparison.Ordinal);

        var signed = SignThroughHsm(secret, "POST", "/api/v3/order", query: "", body: mutated, BodyFormat.Form);

        Assert.DoesNotContain("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", Encoding.ASCII.GetString(signed.Body), StringComparison.Ordinal);
    }

    private (byte[] Query, byte[] Body) SignThroughHsm(string secret, string method, string path, string query, string body, BodyFormat format)
    {
        var label = TestSecrets.Label("kat");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(secret));
        using var hsm = token.Connect();
        var key = hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256);
        Assert.True(SigningSchemes.TryGet("binance-hmac", out var scheme));
        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = method,
            Path = Encoding.ASCII.GetBytes(path),
            Query = Encoding.ASCII.GetBytes(query),
            Body = Encoding.ASCII.GetBytes(body),
            BodyFormat = format,
            UnixTimeMilliseconds = 1,
        };

        Assert.Equal(SignOutcome.Signed, scheme.Sign(input, new VenueCredentials("api-key", key), output));
        return (output.Query.WrittenSpan.ToArray(), output.Body.WrittenSpan.ToArray());
    }
}
