using System.Security.Cryptography;
using Sidecar.Signing;

namespace Sidecar.Tests.Signing.CoinbaseAdvanced;

/// <summary>
/// An in-memory P-256 key for unit tests of the JWT scheme, signing like the HSM key does: SHA-256 of the data,
/// raw r‖s (JWS). The HSM path is tested separately against SoftHSM2.
/// </summary>
internal sealed class ReferenceEcdsaKey : ISigningKey, IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string Label => "reference-ec";

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.EcdsaP256Sha256;

    public int Signs { get; private set; }

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    public SignResult Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        Signs++;
        return new SignResult(_key.SignData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation), "reference");
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _key.Dispose();
}
