using System.Security.Cryptography;
using System.Text;
using Sidecar.Pkcs11;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Pkcs11;

/// <summary>A key deleted from the token (an old key after a rotation) must not keep the connection from recovering.</summary>
[Collection(HsmCollection.Name)]
public sealed class MissingKeyRecoveryTests(SoftHsmToken token)
{
    [Fact]
    public async Task A_reconnect_that_no_longer_finds_one_key_fails_only_that_key()
    {
        var gone = TestSecrets.Label("gone");
        var kept = TestSecrets.Label("kept");
        var keptSecret = RandomNumberGenerator.GetBytes(32);
        token.ImportHmac(gone, RandomNumberGenerator.GetBytes(32));
        token.ImportHmac(kept, keptSecret);
        using var hsm = HsmConnection.Open(token.Settings(sessionKeyCopies: false), () => Encoding.UTF8.GetBytes(token.Pin));
        var goneKey = hsm.ResolveSigningKey(gone, SignatureAlgorithm.HmacSha256);
        var keptKey = hsm.ResolveSigningKey(kept, SignatureAlgorithm.HmacSha256);
        using (var admin = token.Connect(sessionKeyCopies: false))
        {
            admin.DeleteObjects(gone);
        }

        // The deleted key's stale handle fails with an object-handle error, which starts a reconnect.
        var mac = new byte[32];
        Assert.ThrowsAny<SigningKeyUnavailableException>(() => goneKey.Sign("probe"u8, mac));
        await Eventually.UntilAsync(() => hsm.Recoveries > 0, "the reconnect");

        Assert.Equal(1, hsm.Recoveries);
        Assert.Null(hsm.Unavailable);
        keptKey.Sign("probe"u8, mac);
        Assert.Equal(HMACSHA256.HashData(keptSecret, "probe"u8), mac);
        var missing = Assert.ThrowsAny<SigningKeyUnavailableException>(() => goneKey.Sign("probe"u8, mac));
        Assert.Contains($"'{gone}'", missing.Message, StringComparison.Ordinal);
    }
}
