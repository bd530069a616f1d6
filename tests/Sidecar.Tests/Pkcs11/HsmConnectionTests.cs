using System.Security.Cryptography;
using System.Text;
using Net.Pkcs11Interop.Common;
using Sidecar.Pkcs11;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Pkcs11;

[Collection(HsmCollection.Name)]
public sealed class HsmConnectionTests(SoftHsmToken token)
{
    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(31)]
    [InlineData(64)]
    [InlineData(100)]
    public void Short_keys_padded_on_import_give_the_same_MAC_as_the_unpadded_key(int keyLength)
    {
        var secret = RandomNumberGenerator.GetBytes(keyLength);
        var message = RandomNumberGenerator.GetBytes(150);
        var label = TestSecrets.Label("pad");
        token.ImportHmac(label, secret);
        using var hsm = token.Connect();
        var key = hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256);

        var mac = new byte[64];
        var length = key.Sign(message, mac).Length;

        Assert.Equal(HMACSHA256.HashData(secret, message), mac[..length]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Signs_with_the_session_copy_or_the_token_object(bool sessionCopies)
    {
        var secret = RandomNumberGenerator.GetBytes(64);
        var label = TestSecrets.Label("copy");
        token.ImportHmac(label, secret);
        using var hsm = token.Connect(sessionCopies);
        var key = (HsmKey)hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256);

        Span<byte> mac = stackalloc byte[32];
        key.Sign("payload"u8, mac);

        Assert.Equal(sessionCopies, key.IsSessionCopy);
        Assert.Equal(HMACSHA256.HashData(secret, "payload"u8), mac.ToArray());
    }

    [Fact]
    public void Imported_keys_are_sensitive_non_extractable_sign_only_and_dated()
    {
        var label = TestSecrets.Label("attrs");
        token.ImportHmac(label, RandomNumberGenerator.GetBytes(64));
        using var hsm = token.Connect();

        var info = hsm.FindKey(label);

        Assert.NotNull(info);
        Assert.Equal("hmac", info.Type);
        Assert.True(info.MeetsRules, string.Join("; ", info.Problems));
        Assert.Equal(true, info.Token);
        Assert.Equal(true, info.Private);
        Assert.Equal(true, info.Sensitive);
        Assert.Equal(false, info.Extractable);
        Assert.Equal(true, info.Sign);
        Assert.Equal(false, info.Encrypt);
        Assert.Equal(false, info.Derive);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), info.Created);
        Assert.Contains(hsm.ListKeys(), k => k.Label == label);
    }

    // Every object Sidecar creates is CKA_MODIFIABLE false except the signing key itself: SoftHSM2 refuses to copy
    // a non-modifiable key into a session object (next test), and the session copy signs ≈3× faster.
    [Theory]
    [InlineData("import hmac")]
    [InlineData("import passphrase")]
    [InlineData("import ec-p256")]
    [InlineData("import ed25519")]
    [InlineData("generate ec-p256")]
    [InlineData("generate ed25519")]
    [InlineData("generate ed25519 --replace")]
    public void Objects_sidecar_creates_are_not_modifiable_except_the_signing_key(string command)
    {
        var label = TestSecrets.Label("modifiable");
        using (var hsm = token.Connect(sessionKeyCopies: false))
        {
            switch (command)
            {
                case "import hmac":
                    hsm.ImportHmacSecret(label, RandomNumberGenerator.GetBytes(64), replace: false);
                    break;
                case "import passphrase":
                    hsm.ImportPassphrase(label, "correct horse"u8, replace: false);
                    break;
                case "import ec-p256":
                    using (var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                    {
                        hsm.ImportPrivateKey(label, KeyType.EcP256, ec.ExportPkcs8PrivateKeyPem(), replace: false);
                    }

                    break;
                case "import ed25519":
                    var ed = new Org.BouncyCastle.Crypto.Parameters.Ed25519PrivateKeyParameters(new Org.BouncyCastle.Security.SecureRandom());
                    var pkcs8 = Org.BouncyCastle.Pkcs.PrivateKeyInfoFactory.CreatePrivateKeyInfo(ed).GetDerEncoded();
                    hsm.ImportPrivateKey(label, KeyType.Ed25519, PemEncoding.WriteString("PRIVATE KEY", pkcs8), replace: false);
                    break;
                case "generate ed25519 --replace":
                    // The old objects, non-modifiable ones included, are destroyed (CKA_DESTROYABLE governs that).
                    hsm.GenerateKeyPair(label, KeyType.Ed25519, replace: false);
                    hsm.GenerateKeyPair(label, KeyType.Ed25519, replace: true);
                    break;
                default:
                    hsm.GenerateKeyPair(label, command.EndsWith("p256", StringComparison.Ordinal) ? KeyType.EcP256 : KeyType.Ed25519, replace: false);
                    break;
            }
        }

        var objects = HandMadeKeys.Modifiability(token, label);

        var expectedClasses = command switch
        {
            "import hmac" => new[] { CKO.CKO_SECRET_KEY, CKO.CKO_DATA },
            "import passphrase" => [CKO.CKO_DATA],
            _ => [CKO.CKO_PRIVATE_KEY, CKO.CKO_PUBLIC_KEY, CKO.CKO_DATA],
        };
        Assert.Equal(expectedClasses.Order(), objects.Select(o => o.Class).Order());
        foreach (var (objectClass, modifiable) in objects)
        {
            var signingKey = objectClass is CKO.CKO_SECRET_KEY or CKO.CKO_PRIVATE_KEY;
            Assert.True(modifiable == signingKey, $"{objectClass}: CKA_MODIFIABLE {modifiable}");
        }
    }

    [Fact]
    public void A_non_modifiable_key_gets_no_session_copy_from_SoftHSM2_and_signs_with_the_token_object()
    {
        var label = TestSecrets.Label("locked");
        var secret = HandMadeKeys.CreateHmac(token, label, sensitive: true, extractable: false, modifiable: false);
        using var hsm = token.Connect(sessionKeyCopies: true);
        var key = (HsmKey)hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256);

        Span<byte> mac = stackalloc byte[32];
        key.Sign("payload"u8, mac);

        // If a later SoftHSM2 copies it, Sidecar's signing keys can become non-modifiable too (see PrivateKeyTemplate).
        Assert.False(key.IsSessionCopy);
        Assert.Equal(HMACSHA256.HashData(secret, "payload"u8), mac.ToArray());
    }

    [Fact]
    public void Existing_label_is_refused_unless_replace()
    {
        var label = TestSecrets.Label("dup");
        var first = RandomNumberGenerator.GetBytes(64);
        var second = RandomNumberGenerator.GetBytes(64);
        token.ImportHmac(label, first);

        var refused = Assert.Throws<HsmKeyException>(() => token.ImportHmac(label, second));
        Assert.Contains("--replace", refused.Message, StringComparison.Ordinal);

        token.ImportHmac(label, second, replace: true);
        using var hsm = token.Connect();
        var mac = new byte[32];
        hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256).Sign("m"u8, mac);
        Assert.Equal(HMACSHA256.HashData(second, "m"u8), mac);
    }

    [Fact]
    public void Missing_label_names_the_label_and_the_token()
    {
        using var hsm = token.Connect();

        var ex = Assert.Throws<HsmKeyException>(() => hsm.ResolveSigningKey("no-such-key", SignatureAlgorithm.HmacSha256));

        Assert.Contains("'no-such-key'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(SoftHsmToken.TokenLabel, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_pin_fails_with_a_pin_error_and_never_shows_the_pin()
    {
        var ex = Assert.Throws<HsmException>(() => HsmConnection.Open(token.Settings(), Encoding.UTF8.GetBytes("wrong-pin-1234")));

        Assert.Equal(CKR.CKR_PIN_INCORRECT, ex.Result);
        Assert.True(ex.IsPinError);
        Assert.DoesNotContain("wrong-pin-1234", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_token_lists_the_tokens_the_module_has()
    {
        var ex = Assert.Throws<HsmException>(() => HsmConnection.Open(token.Settings() with { TokenLabel = "nope" }, Encoding.UTF8.GetBytes(token.Pin)));

        Assert.Contains("'nope'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(SoftHsmToken.TokenLabel, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unloadable_module_is_a_clear_error()
    {
        var ex = Assert.Throws<HsmException>(() => HsmConnection.Open(token.Settings() with { ModulePath = "/etc/hostname" }, Encoding.UTF8.GetBytes(token.Pin)));

        Assert.Contains("/etc/hostname", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_signs_share_the_session_pool_and_all_verify()
    {
        var secret = RandomNumberGenerator.GetBytes(64);
        var label = TestSecrets.Label("pool");
        token.ImportHmac(label, secret);
        using var hsm = token.Connect();
        var key = hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256);

        var tasks = Enumerable.Range(0, 16).Select(worker => Task.Run(() =>
        {
            var mac = new byte[32];
            for (var i = 0; i < 200; i++)
            {
                var message = Encoding.ASCII.GetBytes($"worker={worker}&i={i}");
                key.Sign(message, mac);
                Assert.Equal(HMACSHA256.HashData(secret, message), mac);
            }
        }));

        await Task.WhenAll(tasks);
    }
}
