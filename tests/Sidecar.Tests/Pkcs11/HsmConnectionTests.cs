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
        var length = key.Sign(message, mac);

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
