namespace Sidecar.Signing;

/// <summary>
/// A key that signs without revealing itself. The production implementation lives in the HSM layer; schemes only
/// see this interface, so they can be tested against a reference implementation and benchmarked in isolation.
/// </summary>
public interface ISigningKey
{
    /// <summary>The key's label on the token; safe to log.</summary>
    string Label { get; }

    SignatureAlgorithm Algorithm { get; }

    /// <summary>
    /// Signs <paramref name="data"/> and writes the raw signature (MAC bytes, or r‖s for ECDSA) to
    /// <paramref name="signature"/>. Returns the number of bytes written and which HSM signed. Must not allocate on
    /// the managed heap.
    /// </summary>
    /// <exception cref="SigningKeyUnavailableException">The key could not be used (HSM down, session lost).</exception>
    SignResult Sign(ReadOnlySpan<byte> data, Span<byte> signature);
}
