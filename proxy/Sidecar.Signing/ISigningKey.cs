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

    /// <summary>
    /// Does ahead of time, off the caller's path, what the next <see cref="Sign"/> would do first (an HSM key begins
    /// the sign, C_SignInit, in a free session on a thread-pool thread, so the next sign only hands over the data).
    /// Returns at once and never throws. Called by the proxy once a signed request is on its way to the exchange.
    /// </summary>
    void PrepareNextSign()
    {
    }
}
