using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Binance;

/// <summary>
/// <c>binance-ed25519</c> (the key type Binance recommends): signature = base64(Ed25519(privateKey, totalParams)),
/// percent-encoded in the parameter because base64's '+', '/' and '=' are reserved in query strings and forms.
/// </summary>
internal sealed class BinanceEd25519Scheme : BinanceScheme
{
    public override string Name => "binance-ed25519";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.Ed25519;

    protected override int EncodeSignature(ReadOnlySpan<byte> signature, Span<byte> destination)
    {
        Span<byte> base64 = stackalloc byte[Base64.GetMaxEncodedToUtf8Length(SignatureAlgorithmFacts.MaxSignatureBytes)];
        Base64.EncodeToUtf8(signature, base64, out _, out var written);
        return PercentEncoding.EncodeComponent(base64[..written], destination);
    }
}
