using System.Security.Cryptography;
using System.Text;
using Sidecar.Pkcs11;
using Sidecar.Signing;
using Sidecar.Tests.EndToEnd.HsmAvailability;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Pkcs11;

/// <summary>
/// Signs begun ahead (<see cref="HsmKey.PrepareNextSign"/>): C_SignInit made in a free session before the request
/// that needs it, so the sign itself is one C_Sign. What the session was prepared for must never leak into another
/// key's signature, a prepared sign must give the same bytes as a fresh one, and a prepare stuck in the HSM is seen
/// by the watchdog like a stuck sign.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class PreparedSignTests(SoftHsmToken token)
{
    private static readonly byte[] Prehash = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=65000.5&timestamp=1700000000000"u8.ToArray();

    [Fact]
    public void A_prepared_sign_is_used_by_the_next_sign_and_gives_the_same_MAC()
    {
        var (hsm, key, secret) = Connect(sessions: 2);
        using var _ = hsm;

        Assert.True(key.PrepareNow());
        Assert.Equal(1, PreparedFor(hsm, key));
        var prepared = Sign(key, Prehash);
        Assert.Equal(0, PreparedFor(hsm, key));
        var fresh = Sign(key, Prehash);

        Assert.Equal(HMACSHA256.HashData(secret, Prehash), prepared);
        Assert.Equal(prepared, fresh);
    }

    [Fact]
    public void One_prepared_session_per_key_is_enough()
    {
        var (hsm, key, _) = Connect(sessions: 3);
        using var _1 = hsm;

        Assert.True(key.PrepareNow());
        Assert.False(key.PrepareNow());
        Assert.Equal(1, PreparedFor(hsm, key));
    }

    [Fact]
    public void A_session_prepared_for_another_key_signs_with_the_renting_key_only()
    {
        var (hsm, first, firstSecret) = Connect(sessions: 1);
        using var _ = hsm;
        var secondSecret = RandomNumberGenerator.GetBytes(64);
        var secondLabel = TestSecrets.Label("prepared-other");
        token.ImportHmac(secondLabel, secondSecret);
        var second = (HsmKey)hsm.ResolveSigningKey(secondLabel, SignatureAlgorithm.HmacSha256);

        Assert.True(first.PrepareNow());
        Assert.False(second.PrepareNow());

        Assert.Equal(HMACSHA256.HashData(secondSecret, Prehash), Sign(second, Prehash));
        Assert.Equal(0, PreparedFor(hsm, first));
        Assert.Equal(HMACSHA256.HashData(firstSecret, Prehash), Sign(first, Prehash));
    }

    [Fact]
    public void A_prepared_ECDSA_sign_verifies()
    {
        using var hsm = token.Connect();
        var label = TestSecrets.Label("prepared-ec");
        var pem = hsm.GenerateKeyPair(label, KeyType.EcP256, replace: false);
        var key = (HsmKey)hsm.ResolveSigningKey(label, SignatureAlgorithm.EcdsaP256Sha256);

        Assert.True(key.PrepareNow());
        var signature = Sign(key, Prehash);

        using var verifier = ECDsa.Create();
        verifier.ImportFromPem(pem);
        Assert.True(verifier.VerifyData(Prehash, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public async Task PrepareNextSign_prepares_a_session_on_the_thread_pool()
    {
        var (hsm, key, secret) = Connect(sessions: 2);
        using var _ = hsm;

        key.PrepareNextSign();

        await Eventually.UntilAsync(() => PreparedFor(hsm, key) == 1, "a session to be prepared");
        Assert.Equal(HMACSHA256.HashData(secret, Prehash), Sign(key, Prehash));
    }

    [Fact]
    public void Preparing_and_signing_allocate_nothing()
    {
        var (hsm, key, _) = Connect(sessions: 2);
        using var _1 = hsm;
        var signature = new byte[64];
        key.PrepareNow();
        key.Sign(Prehash, signature);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            key.PrepareNow();
            key.Sign(Prehash, signature);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task A_prepare_stuck_in_the_HSM_makes_the_connection_hung_until_it_returns()
    {
        var label = TestSecrets.Label("prepared-hung");
        var secret = Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());
        token.ImportHmac(label, secret);
        var (server, _) = HsmScenario.Serve(token, SoftHsmToken.TokenLabel);
        using var _1 = server;
        var clock = new TestClock();
        var timeout = TimeSpan.FromSeconds(1);
        var settings = new HsmSettings { ModulePath = RepoPaths.P11KitClientModule, TokenLabel = SoftHsmToken.TokenLabel, SessionCount = 1, SignTimeout = timeout };
        using var hsm = HsmConnection.Open(settings, () => Encoding.UTF8.GetBytes(token.Pin), clock);
        var key = (HsmKey)hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256);
        Task<bool> stuck;

        server.Pause();
        try
        {
            stuck = Task.Factory.StartNew(key.PrepareNow, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await Eventually.UntilAsync(() => hsm.Sessions.All[0].SignStarted != 0, "the prepare to enter the HSM");
            clock.AdvanceInSteps(timeout + (timeout / 4), timeout / 4);
            Assert.Contains("has not answered 1 sign(s)", hsm.Hung, StringComparison.Ordinal);
            Assert.Throws<SigningKeyUnavailableException>(() => key.Sign(Prehash, new byte[64]));
        }
        finally
        {
            server.Resume();
        }

        Assert.True(await stuck);
        clock.Advance(timeout / 4);
        Assert.Null(hsm.Hung);
        Assert.Equal(HMACSHA256.HashData(secret, Prehash), Sign(key, Prehash));
    }

    private (HsmConnection Hsm, HsmKey Key, byte[] Secret) Connect(int sessions)
    {
        var secret = RandomNumberGenerator.GetBytes(64);
        var label = TestSecrets.Label("prepared");
        token.ImportHmac(label, secret);
        var hsm = HsmConnection.Open(token.Settings() with { SessionCount = sessions }, Encoding.UTF8.GetBytes(token.Pin));
        return (hsm, (HsmKey)hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256), secret);
    }

    private static int PreparedFor(HsmConnection hsm, HsmKey key)
    {
        var count = 0;
        foreach (var session in hsm.Sessions.All)
        {
            count += ReferenceEquals(session.PreparedFor, key) ? 1 : 0;
        }

        return count;
    }

    private static byte[] Sign(HsmKey key, byte[] data)
    {
        var signature = new byte[64];
        return signature[..key.Sign(data, signature).Length];
    }
}
