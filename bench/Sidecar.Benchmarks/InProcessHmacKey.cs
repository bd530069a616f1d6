using System.Security.Cryptography;
using Sidecar.Signing;

namespace Sidecar.Benchmarks;

/// <summary>
/// The no-HSM baseline: HMAC-SHA256 in managed code with the same (generated) secret that was imported into the
/// token, so all three keys produce the same MAC and the benchmarks differ only in where the MAC is computed.
/// </summary>
internal sealed class InProcessHmacKey(byte[] secret) : ISigningKey
{
    public string Label => "in-process";

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha256;

    public SignResult Sign(ReadOnlySpan<byte> data, Span<byte> signature) => new(HMACSHA256.HashData(secret, data, signature), "in-process");
}
