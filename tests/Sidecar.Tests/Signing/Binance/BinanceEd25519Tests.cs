using System.Security.Cryptography;
using System.Text;
using Sidecar.Pkcs11;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Binance;

/// <summary>
/// <c>binance-ed25519</c>. Binance's docs show the Ed25519 request layout but publish no private key, so the
/// primitive is pinned here with RFC 8032's published test vectors (section 7.1) signed inside SoftHSM2, and the
/// scheme's bytes are checked against an independent verifier (BouncyCastle) by the known-answer conformance
/// suite (<see cref="BinanceConformance.Ed25519"/>).
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
}
