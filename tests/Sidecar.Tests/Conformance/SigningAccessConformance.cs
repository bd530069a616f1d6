using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Nonces;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// What every scheme does with a request before the HSM, over each venue's <see cref="SchemeConformance.Access"/>
/// rows: public market data passes through untouched (no credential header, no signature, no nonce drawn), every
/// other endpoint — unknown ones and other spellings included — is signed, and what the exchange would not accept as
/// sent is refused with a reason without calling the HSM. In-memory keys stand in for the HSM and count its calls.
/// </summary>
public sealed class SigningAccessConformance
{
    public static TheoryData<string, int, string> Rows => SigningConformanceTables.RowsOf(v => v.Access);

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_scheme_passes_through_signs_or_refuses_as_the_exchange_requires(string schemeName, int row, string request)
    {
        var venue = SigningConformanceTables.Of(schemeName);
        var expected = venue.Access[row];
        Assert.Equal(expected.ToString(), request);
        Assert.True(SigningSchemes.TryGet(schemeName, out var scheme));
        var sent = expected.Request;
        var (key, signs) = Key(scheme.Algorithm);
        using var disposeKey = key as IDisposable;
        var nonces = new NonceCounter(null, leaseSpan: venue.VenueCredentials.NonceLease ?? 1000);
        var credentials = new VenueCredentials(venue.VenueCredentials.ApiKey, key, venue.VenueCredentials.Passphrase, nonces);
        scheme.Prepare(credentials);
        var signsAfterPrepare = signs();
        var (outcome, output) = SigningOutputs.Sign(scheme, credentials, sent.Host.Length > 0 ? sent : sent with { Host = venue.Host }, 1_700_000_000_000);
        using var disposeOutput = output;

        switch (expected.Outcome)
        {
            case AccessOutcome.PassesThrough:
                Assert.Equal(SignOutcome.PassThrough, outcome);
                Assert.Equal(EndpointAccess.Public, output.Access);
                Assert.Equal(0, output.Headers.Count);
                Assert.Equal(signsAfterPrepare, signs());
                Assert.Equal(0, nonces.Last);
                break;
            case AccessOutcome.Signed:
                Assert.Equal(EndpointAccess.Signed, scheme.Exchange.Endpoints.Find(sent.Method, Encoding.UTF8.GetBytes(sent.Path)).Access);
                Assert.True(outcome == SignOutcome.Signed, $"{outcome}: {output.Error}");
                Assert.Equal(signsAfterPrepare + 1, signs());
                break;
            default:
                Assert.Equal(SignOutcome.Rejected, outcome);
                Assert.False(string.IsNullOrEmpty(output.Error));
                if (expected.ErrorContains is { } saying)
                {
                    Assert.Contains(saying, output.Error, StringComparison.Ordinal);
                }

                Assert.Equal(signsAfterPrepare, signs());
                Assert.Equal(0, nonces.Last);
                if (expected.LeavesNoHeader)
                {
                    Assert.Equal(0, output.Headers.Count);
                }

                break;
        }
    }

    private static (ISigningKey Key, Func<int> Signs) Key(SignatureAlgorithm algorithm)
    {
        if (algorithm == SignatureAlgorithm.EcdsaP256Sha256)
        {
            var ecdsa = new Signing.CoinbaseAdvanced.ReferenceEcdsaKey();
            return (ecdsa, () => ecdsa.Signs);
        }

        var hmac = new ReferenceHmacKey(RandomNumberGenerator.GetBytes(64), algorithm);
        return (hmac, () => hmac.Signs);
    }
}
