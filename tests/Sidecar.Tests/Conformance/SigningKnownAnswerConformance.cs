using System.Text;
using Sidecar.Pkcs11;
using Sidecar.Signing;
using Sidecar.Signing.Nonces;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// Every scheme's known-answer vectors (<see cref="SchemeConformance.KnownAnswers"/>), signed inside SoftHSM2 through
/// the scheme exactly as the proxy does: the forwarded query, body and headers are what the docs (or an independent
/// implementation of their formula, or an independent verifier) say, and a one-byte change in what is signed
/// changes the signature.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class SigningKnownAnswerConformance(SoftHsmToken token)
{
    public static TheoryData<string, int, string> Vectors => SigningConformanceTables.RowsOf(v => v.KnownAnswers);

    public static TheoryData<string, int, string> Mutations => SigningConformanceTables.RowsOf(v => v.KnownAnswers, answer => answer.Mutation is not null);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Signed_in_SoftHSM_matches_the_known_answer(string schemeName, int row, string vector)
    {
        var answer = SigningConformanceTables.Of(schemeName).KnownAnswers[row];
        Assert.Equal(answer.ToString(), vector);
        var key = Key(schemeName, answer);

        var signed = SignThroughHsm(key, answer, answer.Request);

        Assert.Equal(answer.Query ?? answer.Request.Query, signed.Query);
        if (!answer.BodyCarriesSignature)
        {
            Assert.Equal(answer.Body ?? answer.Request.Body, signed.Body);
        }

        if (answer.HeaderNames is { } names)
        {
            Assert.Equal(names, signed.HeaderList.Select(h => h.Key));
        }

        foreach (var (name, value) in answer.Headers)
        {
            Assert.Equal(value, signed.Header(name));
        }

        foreach (var (name, value) in answer.Reference?.Invoke(signed) ?? new Dictionary<string, string>())
        {
            Assert.Equal(value, signed.Header(name));
        }

        Assert.Null(answer.Verify?.Invoke(signed));
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public void A_one_byte_change_in_the_prehash_changes_the_signature(string schemeName, int row, string vector)
    {
        var answer = SigningConformanceTables.Of(schemeName).KnownAnswers[row];
        Assert.Equal(answer.ToString(), vector);
        var (from, to) = answer.Mutation!.Value;
        var request = answer.Request;
        var mutatedRequest = request with { Query = request.Query.Replace(from, to, StringComparison.Ordinal), Body = request.Body.Replace(from, to, StringComparison.Ordinal) };
        Assert.NotEqual(request, mutatedRequest);
        var key = Key(schemeName, answer);

        var signature = SignatureOf(answer, SignThroughHsm(key, answer, request));
        var mutated = SignThroughHsm(key, answer, mutatedRequest);

        Assert.DoesNotContain(signature, mutated.Query, StringComparison.Ordinal);
        Assert.DoesNotContain(signature, mutated.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(mutated.HeaderList, h => h.Value.Contains(signature, StringComparison.Ordinal));
        if (answer.Query is null && answer.Body is null)
        {
            Assert.Equal(mutatedRequest.Query, mutated.Query);
            Assert.Equal(mutatedRequest.Body, mutated.Body);
        }

        foreach (var (name, value) in answer.Reference?.Invoke(mutated) ?? new Dictionary<string, string>())
        {
            Assert.Equal(value, mutated.Header(name));
        }

        Assert.Null(answer.Verify?.Invoke(mutated));
    }

    private static string SignatureOf(KnownAnswer answer, KnownAnswerSigned signed)
    {
        if (answer.SignatureHeader is { } header)
        {
            return signed.Header(header);
        }

        var parameters = signed.Query + "&" + signed.Body;
        var at = parameters.LastIndexOf("signature=", StringComparison.Ordinal);
        Assert.True(at >= 0, "no signature= parameter");
        var signature = parameters[(at + "signature=".Length)..];
        Assert.NotEmpty(signature);
        return signature;
    }

    /// <summary>The vector's key in the token: its secret imported, or a key pair generated there (its public key returned).</summary>
    private (string Label, SigningScheme Scheme, string? PublicKeyPem) Key(string schemeName, KnownAnswer answer)
    {
        Assert.True(SigningSchemes.TryGet(schemeName, out var scheme));
        var label = TestSecrets.Label("kat-" + schemeName);
        if (answer.Secret is { } secret)
        {
            token.ImportHmac(label, secret);
            return (label, scheme, null);
        }

        var type = scheme.Algorithm == SignatureAlgorithm.Ed25519 ? KeyType.Ed25519 : KeyType.EcP256;
        return (label, scheme, token.GenerateKeyPair(label, type));
    }

    private KnownAnswerSigned SignThroughHsm((string Label, SigningScheme Scheme, string? PublicKeyPem) key, KnownAnswer answer, ConformanceRequest request)
    {
        using var hsm = token.Connect();
        var scheme = key.Scheme;
        var given = answer.Credentials;
        var nonces = given.NonceLease is { } lease ? new NonceCounter(null, leaseSpan: lease) : null;
        var credentials = new VenueCredentials(given.ApiKey, hsm.ResolveSigningKey(key.Label, scheme.Algorithm), given.Passphrase, nonces);
        scheme.Prepare(credentials);
        var (outcome, output) = SigningOutputs.Sign(scheme, credentials, request, answer.UnixTimeMilliseconds, answer.Sign);
        using var disposeOutput = output;
        Assert.True(outcome == SignOutcome.Signed, $"{outcome}: {output.Error}");
        return new KnownAnswerSigned(request, answer.Secret, key.PublicKeyPem, Encoding.UTF8.GetString(output.Query.WrittenSpan), Encoding.UTF8.GetString(output.Body.WrittenSpan), SigningOutputs.HeaderList(output));
    }
}
