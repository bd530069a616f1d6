using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Sidecar.Pkcs11;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Pkcs11;

/// <summary>Key pairs generated in, or imported into, SoftHSM2 sign what independent verifiers accept.</summary>
[Collection(HsmCollection.Name)]
public sealed class KeyPairTests(SoftHsmToken token)
{
    [Fact]
    public void Generated_P256_key_signs_JWS_style_r_s_that_dotnet_verifies()
    {
        var label = TestSecrets.Label("ec");
        using var hsm = token.Connect();
        var pem = hsm.GenerateKeyPair(label, KeyType.EcP256, replace: false);
        var key = hsm.ResolveSigningKey(label, SignatureAlgorithm.EcdsaP256Sha256);

        var signature = new byte[64];
        var length = key.Sign("header.claims"u8, signature).Length;

        using var verifier = ECDsa.Create();
        verifier.ImportFromPem(pem);
        Assert.Equal(64, length);
        Assert.True(verifier.VerifyData("header.claims"u8, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.Equal(pem, hsm.PublicKeyPem(label));
        Assert.True(((HsmKey)key).IsSessionCopy, "signed with the token object, not the session copy");
        var info = hsm.FindKey(label)!;
        Assert.Equal(true, info.Local);
        Assert.Equal(true, info.NeverExtractable);
        Assert.True(info.MeetsRules, string.Join("; ", info.Problems));
    }

    [Fact]
    public void Generated_Ed25519_key_signs_what_BouncyCastle_verifies()
    {
        var label = TestSecrets.Label("ed");
        using var hsm = token.Connect();
        var pem = hsm.GenerateKeyPair(label, KeyType.Ed25519, replace: false);
        var key = hsm.ResolveSigningKey(label, SignatureAlgorithm.Ed25519);
        var message = Encoding.ASCII.GetBytes("symbol=BTCUSDT&side=SELL&type=LIMIT&timestamp=1668481559918");

        var signature = new byte[64];
        var length = key.Sign(message, signature).Length;

        Assert.Equal(64, length);
        Assert.True(((HsmKey)key).IsSessionCopy, "signed with the token object, not the session copy");
        Assert.True(VerifyEd25519(PublicKeys.Ed25519FromPem(pem), message, signature));
        Assert.False(VerifyEd25519(PublicKeys.Ed25519FromPem(pem), [.. message, (byte)'x'], signature));
    }

    [Fact]
    public void Imported_PEM_keys_sign_like_the_originals()
    {
        using var original = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var label = TestSecrets.Label("ec-import");
        using var hsm = token.Connect();

        var pem = hsm.ImportPrivateKey(label, KeyType.EcP256, original.ExportECPrivateKeyPem(), replace: false);
        var signature = new byte[64];
        hsm.ResolveSigningKey(label, SignatureAlgorithm.EcdsaP256Sha256).Sign("m"u8, signature);

        Assert.True(original.VerifyData("m"u8, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.Equal(original.ExportSubjectPublicKeyInfoPem(), pem.TrimEnd());
        Assert.Equal(false, hsm.FindKey(label)!.Extractable);
    }

    [Fact]
    public void Imported_Ed25519_PKCS8_key_signs_like_the_original()
    {
        var generator = new Ed25519PrivateKeyParameters(new Org.BouncyCastle.Security.SecureRandom());
        var pkcs8 = Org.BouncyCastle.Pkcs.PrivateKeyInfoFactory.CreatePrivateKeyInfo(generator).GetDerEncoded();
        var pem = PemEncoding.WriteString("PRIVATE KEY", pkcs8);
        var label = TestSecrets.Label("ed-import");
        using var hsm = token.Connect();

        hsm.ImportPrivateKey(label, KeyType.Ed25519, pem, replace: false);
        var signature = new byte[64];
        hsm.ResolveSigningKey(label, SignatureAlgorithm.Ed25519).Sign("m"u8, signature);

        Assert.True(VerifyEd25519(generator.GeneratePublicKey().GetEncoded(), "m"u8.ToArray(), signature));
    }

    [Fact]
    public void Passphrases_round_trip_as_private_objects()
    {
        var label = TestSecrets.Label("pass");
        using var hsm = token.Connect();

        hsm.ImportPassphrase(label, "correct horse"u8, replace: false);

        Assert.Equal("correct horse", hsm.ReadPassphrase(label));
        Assert.Throws<HsmKeyException>(() => hsm.ImportPassphrase(label, "x"u8, replace: false));
        Assert.Throws<HsmKeyException>(() => hsm.ReadPassphrase(TestSecrets.Label("absent")));
    }

    [Fact]
    public void A_key_of_the_wrong_type_is_refused_by_name()
    {
        var label = TestSecrets.Label("wrong");
        using var hsm = token.Connect();
        hsm.GenerateKeyPair(label, KeyType.Ed25519, replace: false);

        var ex = Assert.Throws<HsmKeyException>(() => hsm.ResolveSigningKey(label, SignatureAlgorithm.EcdsaP256Sha256));

        Assert.Contains("ec-p256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_removes_every_object_with_the_label()
    {
        var label = TestSecrets.Label("del");
        using var hsm = token.Connect();
        hsm.GenerateKeyPair(label, KeyType.EcP256, replace: false);

        Assert.Equal(3, hsm.DeleteObjects(label)); // private key, public key, metadata
        Assert.Null(hsm.FindKey(label));
    }

    private static bool VerifyEd25519(byte[] publicKey, byte[] message, byte[] signature)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(forSigning: false, new Ed25519PublicKeyParameters(publicKey));
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }
}
