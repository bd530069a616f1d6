using System.Security.Cryptography;
using Sidecar.Pkcs11;
using Sidecar.Signing;
using Sidecar.Signing.Nonces;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// Every scheme's signing step — prehash, HSM sign through the low-level PKCS#11 API, encoding, headers, and the
/// bot's own timestamp/nonce values parsed, kept and copied — allocates nothing on the managed heap once the
/// buffers are warm, for each venue's rows (<see cref="SchemeConformance.Allocation"/>). Counted deterministically
/// with GC.GetAllocatedBytesForCurrentThread, not timed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class SigningAllocationConformance(SoftHsmToken token)
{
    public static TheoryData<string, int, string> Cases => SigningConformanceTables.RowsOf(v => v.Allocation);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Signing_allocates_zero_managed_bytes(string schemeName, int row, string shape)
    {
        var @case = SigningConformanceTables.Of(schemeName).Allocation[row];
        Assert.Equal(@case.ToString(), shape);
        Assert.True(SigningSchemes.TryGet(schemeName, out var scheme));
        var label = TestSecrets.Label("alloc-" + schemeName);
        switch (scheme.Algorithm)
        {
            case SignatureAlgorithm.Ed25519:
                token.GenerateKeyPair(label, KeyType.Ed25519);
                break;
            case SignatureAlgorithm.EcdsaP256Sha256:
                token.GenerateKeyPair(label, KeyType.EcP256);
                break;
            default:
                token.ImportHmac(label, RandomNumberGenerator.GetBytes(64));
                break;
        }

        using var hsm = token.Connect(@case.SessionKeyCopies);
        var given = @case.Credentials;
        var nonces = given.NonceLease is { } lease ? new NonceCounter(null, leaseSpan: lease) : null;
        var credentials = new VenueCredentials(given.ApiKey, hsm.ResolveSigningKey(label, scheme.Algorithm), given.Passphrase, nonces);
        scheme.Prepare(credentials); // outside the measurement: e.g. KuCoin's signed passphrase is computed once
        var request = @case.Request;
        var path = System.Text.Encoding.UTF8.GetBytes(request.Path);
        var query = System.Text.Encoding.UTF8.GetBytes(request.Query);
        var body = System.Text.Encoding.UTF8.GetBytes(request.Body);
        using var output = new SignedRequest();

        var signed = 0;
        void SignOnce(long now)
        {
            var input = new SigningInput
            {
                Method = request.Method,
                Path = path,
                Query = query,
                Body = body,
                BodyFormat = request.Format,
                Host = request.Host,
                UnixTimeMilliseconds = now,
                CredentialHeaderValues = request.BotValues,
            };
            if (scheme.Sign(input, credentials, output) == SignOutcome.Signed)
            {
                signed++;
            }
        }

        for (var i = 0; i < 50; i++)
        {
            SignOnce(1_700_000_000_000 + i); // warm up: buffers grow to their working size, JIT tiers settle
        }

        const int signatures = 1000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < signatures; i++)
        {
            SignOnce(1_700_000_001_000 + i);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(50 + signatures, signed);
        Assert.Equal(0, allocated);
    }
}
