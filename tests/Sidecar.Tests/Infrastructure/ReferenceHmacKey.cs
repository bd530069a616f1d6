using System.Security.Cryptography;
using Sidecar.Signing;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// An in-memory HMAC key for unit tests of the schemes' parameter handling. The HSM path is tested separately
/// against SoftHSM2; this only stands in for it where the HSM is not the subject.
/// </summary>
internal sealed class ReferenceHmacKey(byte[] secret, SignatureAlgorithm algorithm = SignatureAlgorithm.HmacSha256) : ISigningKey
{
    public string Label => "reference";

    public SignatureAlgorithm Algorithm => algorithm;

    public int Signs { get; private set; }

    public SignResult Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        Signs++;
        return new SignResult(algorithm switch
        {
            SignatureAlgorithm.HmacSha256 => HMACSHA256.HashData(secret, data, signature),
            SignatureAlgorithm.HmacSha384 => HMACSHA384.HashData(secret, data, signature),
            SignatureAlgorithm.HmacSha512 => HMACSHA512.HashData(secret, data, signature),
            _ => throw new NotSupportedException(algorithm.ToString()),
        }, "reference");
    }
}
