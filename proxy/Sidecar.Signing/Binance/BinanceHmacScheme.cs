using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Binance;

/// <summary><c>binance-hmac</c>: signature = hex(HMAC-SHA256(secret, totalParams)).</summary>
internal sealed class BinanceHmacScheme : BinanceScheme
{
    /// <summary>The scheme's config name; the benchmarks sign Binance orders with it.</summary>
    public const string SchemeName = "binance-hmac";

    public override string Name => SchemeName;

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha256;

    protected override int EncodeSignature(ReadOnlySpan<byte> signature, Span<byte> destination) =>
        Hex.EncodeLower(signature, destination);
}
