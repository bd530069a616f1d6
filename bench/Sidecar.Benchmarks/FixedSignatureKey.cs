using Sidecar.Signing;

namespace Sidecar.Benchmarks;

/// <summary>A key that "signs" by writing a fixed value of the algorithm's length: only the scheme's work is measured.</summary>
internal sealed class FixedSignatureKey(SignatureAlgorithm algorithm) : ISigningKey
{
    public string Label => "fixed";

    public SignatureAlgorithm Algorithm => algorithm;

    public SignResult Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        var length = SignatureAlgorithmFacts.SignatureLength(algorithm);
        signature[..length].Fill(0x5A);
        return new SignResult(length, "fixed");
    }
}
