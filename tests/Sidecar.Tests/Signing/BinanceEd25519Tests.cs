using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Sidecar.Pkcs11;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing;

/// <summary>
/// <c>binance-ed25519</c>. Binance's docs show the Ed25519 request layout but publish no private key, so the
/// primitive is pinned with RFC 8032's published test vectors (section 7.1) signed inside SoftHSM2, and the
/// scheme's bytes are checked against an independent verifier (BouncyCastle).
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BinanceEd25519Tests(SoftHsmToken token)
{
    public static TheoryData<string, string, string> Rfc8032 => new()
    {
        // TEST 2 and TEST 3 of RFC 8032 §7.1: secret key, message, signature.
        { "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "72", "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
        { "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7", "af82", "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a" },
    };

    [Theory]
    [MemberData(nameof(Rfc8032))]
    public void SoftHSM_Ed25519_matches_RFC_8032(string secretHex, string messageHex, string signatureHex)
    {
        var pem = PemEncoding.WriteString("PRIVATE KEY", [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20, .. Convert.FromHexString(secretHex)]);
        var label = TestSecrets.Label("rfc8032");
        using var hsm = token.Connect();
        hsm.ImportPrivateKey(label, KeyType.Ed25519, pem, replace: false);

        var signature = new byte[64];
        hsm.ResolveSigningKey(label, SignatureAlgorithm.Ed25519).Sign(Convert.FromHexString(messageHex), signature);

        Assert.Equal(signatureHex, Convert.ToHexStringLower(signature));
    }

    [Fact]
    public void Signature_is_base64_percent_encoded_last_and_verifies_over_totalParams()
    {
        var label = TestSecrets.Label("bn-ed");
        using var hsm = token.Connect();
        var publicKey = PublicKeys.Ed25519FromPem(hsm.GenerateKeyPair(label, KeyType.Ed25519, replace: false));
        Assert.True(SigningSchemes.TryGet("binance-ed25519", out var scheme));
        using var output = new SignedRequest();
        // The docs' Ed25519 example request (POST /api/v3/order, symbol=BTCUSDT … timestamp=1668481559918).
        var input = new SigningInput
        {
            Method = "POST",
            Path = "/api/v3/order"u8,
            Body = "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.2&timestamp=1668481559918&signature=placeholder"u8,
            BodyFormat = BodyFormat.Form,
            UnixTimeMilliseconds = 1,
        };

        Assert.Equal(SignOutcome.Signed, scheme.Sign(input, new VenueCredentials("k", hsm.ResolveSigningKey(label, SignatureAlgorithm.Ed25519)), output));

        var body = Encoding.ASCII.GetString(output.Body.WrittenSpan);
        const string payload = "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.2&timestamp=1668481559918";
        Assert.StartsWith(payload + "&signature=", body, StringComparison.Ordinal);
        var encoded = body[(payload.Length + "&signature=".Length)..];
        Assert.DoesNotMatch("[+/=]", encoded);
        var signature = Convert.FromBase64String(Uri.UnescapeDataString(encoded));
        Assert.True(Verify(publicKey, Encoding.ASCII.GetBytes(payload), signature));
        Assert.False(Verify(publicKey, Encoding.ASCII.GetBytes(payload.Replace("0.2", "0.3", StringComparison.Ordinal)), signature));
    }

    private static bool Verify(byte[] publicKey, byte[] message, byte[] signature)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(publicKey));
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }
}
