using System.Security.Cryptography;

namespace Sidecar.Audit;

/// <summary>
/// Checks checkpoint signatures against the audit key's public key (SubjectPublicKeyInfo PEM, as
/// <c>sidecar keys public</c> prints it): P-256 through .NET, Ed25519 through the system's OpenSSL (.NET has no
/// Ed25519; see <see cref="OpenSslEd25519"/>).
/// </summary>
internal sealed class CheckpointVerifier
{
    // SPKI prefix for Ed25519 (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits) }.
    private static ReadOnlySpan<byte> Ed25519SpkiPrefix => [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00];

    private readonly byte[]? _ed25519;
    private readonly ECDsa? _p256;

    private CheckpointVerifier(string algorithm, string keyId, byte[]? ed25519, ECDsa? p256)
    {
        Algorithm = algorithm;
        KeyId = keyId;
        _ed25519 = ed25519;
        _p256 = p256;
    }

    /// <summary><c>ed25519</c> or <c>ec-p256</c>, as in the checkpoints' <c>alg</c>.</summary>
    public string Algorithm { get; }

    public string KeyId { get; }

    /// <summary>The verifier of a PEM public key.</summary>
    /// <exception cref="FormatException">Not a PEM Ed25519 or P-256 public key.</exception>
    public static CheckpointVerifier FromPem(string pem)
    {
        var der = SubjectPublicKeyInfo(pem);
        var keyId = KeyIdOf(der);
        if (der.Length == Ed25519SpkiPrefix.Length + 32 && der.AsSpan(0, Ed25519SpkiPrefix.Length).SequenceEqual(Ed25519SpkiPrefix))
        {
            return new CheckpointVerifier("ed25519", keyId, der[Ed25519SpkiPrefix.Length..], null);
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(der, out _);
            if (ecdsa.KeySize != 256)
            {
                throw new FormatException($"the public key is a {ecdsa.KeySize}-bit EC key; the audit key is Ed25519 or P-256");
            }

            return new CheckpointVerifier("ec-p256", keyId, null, ecdsa);
        }
        catch (CryptographicException)
        {
            ecdsa.Dispose();
            throw new FormatException("the public key is neither Ed25519 nor P-256");
        }
    }

    /// <summary>The key id of a PEM public key: the first 8 bytes (hex) of the SHA-256 of its SubjectPublicKeyInfo.</summary>
    public static string KeyIdOf(string pem) => KeyIdOf(SubjectPublicKeyInfo(pem));

    /// <summary>True when <paramref name="checkpoint"/> was signed by this key.</summary>
    public bool Verify(Checkpoint checkpoint)
    {
        if (checkpoint.Algorithm != Algorithm || checkpoint.KeyId != KeyId)
        {
            return false;
        }

        var signature = new byte[64];
        if (!Convert.TryFromBase64String(checkpoint.Signature, signature, out var length) || length != 64)
        {
            return false;
        }

        var statement = checkpoint.Statement();
        return _p256 is not null
            ? _p256.VerifyData(statement, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            : OpenSslEd25519.Verify(_ed25519!, statement, signature);
    }

    private static string KeyIdOf(ReadOnlySpan<byte> subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo)[..8]);

    private static byte[] SubjectPublicKeyInfo(string pem)
    {
        if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] != "PUBLIC KEY")
        {
            throw new FormatException("not a PEM public key (-----BEGIN PUBLIC KEY-----), as `sidecar keys public` prints it");
        }

        return Convert.FromBase64String(pem[fields.Base64Data]);
    }
}
