using System.Security.Cryptography;

namespace Sidecar.Signing;

/// <summary>
/// What a scheme produced for one request: the query and body to forward, the headers to set, and the SHA-256 of
/// the exact bytes that were signed (for the audit record). One instance is reused per connection or benchmark
/// iteration; <see cref="Reset"/> clears it without returning its buffers.
/// </summary>
public sealed class SignedRequest : IDisposable
{
    private readonly byte[] _signedBytesSha256 = new byte[SHA256.HashSizeInBytes];

    public ByteBuilder Query { get; } = new();

    public ByteBuilder Body { get; } = new();

    /// <summary>The bytes handed to the HSM (the scheme's prehash).</summary>
    public ByteBuilder Prehash { get; } = new();

    public SignedHeaders Headers { get; } = new();

    public EndpointAccess Access { get; set; }

    /// <summary>Why the request was rejected; a constant message, safe to return to the bot.</summary>
    public string? Error { get; set; }

    public ReadOnlySpan<byte> SignedBytesSha256 => _signedBytesSha256;

    /// <summary>The HSM that made the signature (audit records name it); null until <see cref="SignPrehash"/>.</summary>
    public string? SignedBy { get; private set; }

    public void Reset()
    {
        Query.Clear();
        Body.Clear();
        Prehash.Clear();
        Headers.Clear();
        Access = EndpointAccess.Public;
        Error = null;
        SignedBy = null;
        _signedBytesSha256.AsSpan().Clear();
    }

    /// <summary>Signs <see cref="Prehash"/> with <paramref name="key"/>, records its digest and the signer; returns the signature's length.</summary>
    public int SignPrehash(ISigningKey key, Span<byte> signature)
    {
        SHA256.HashData(Prehash.WrittenSpan, _signedBytesSha256);
        var result = key.Sign(Prehash.WrittenSpan, signature);
        SignedBy = result.Signer;
        return result.Length;
    }

    public SignOutcome Reject(string message)
    {
        Error = message;
        return SignOutcome.Rejected;
    }

    public void Dispose()
    {
        Query.Dispose();
        Body.Dispose();
        Prehash.Dispose();
        Headers.Dispose();
    }
}
