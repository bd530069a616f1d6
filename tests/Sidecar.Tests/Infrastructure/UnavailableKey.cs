using Sidecar.Signing;

namespace Sidecar.Tests.Infrastructure;

/// <summary>A key whose HSM is gone: every sign throws <see cref="SigningKeyUnavailableException"/>, as a failed PKCS#11 call does.</summary>
internal sealed class UnavailableKey(SignatureAlgorithm algorithm) : ISigningKey
{
    public string Label => "unavailable";

    public SignatureAlgorithm Algorithm => algorithm;

    public SignResult Sign(ReadOnlySpan<byte> data, Span<byte> signature) =>
        throw new SigningKeyUnavailableException("key 'unavailable': the HSM is not answering");
}
