namespace Sidecar.Pkcs11;

/// <summary>
/// SoftHSM2 (and some HSMs) refuse SHA-256/384/512 HMAC keys shorter than 32/48/64 bytes. HMAC (RFC 2104) pads
/// any key shorter than the hash's block size (64 bytes for SHA-256, 128 for SHA-384/512) with zeros, so
/// zero-padding a key to 64 bytes gives the identical MAC under every SHA-2 HMAC while meeting every minimum.
/// Longer keys are stored as they are (HMAC hashes keys longer than the block size; padding would change that).
/// </summary>
internal static class HmacKeyPadding
{
    public const int PaddedLength = 64;

    public static byte[] Pad(ReadOnlySpan<byte> secret)
    {
        var value = new byte[Math.Max(secret.Length, PaddedLength)];
        secret.CopyTo(value);
        return value;
    }
}
