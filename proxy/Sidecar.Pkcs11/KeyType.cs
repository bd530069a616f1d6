using Net.Pkcs11Interop.Common;
using Sidecar.Signing;

namespace Sidecar.Pkcs11;

/// <summary>The key types Sidecar stores, and how each maps to PKCS#11 and to signature algorithms.</summary>
public enum KeyType
{
    Hmac,
    EcP256,
    Ed25519,
}

public static class KeyTypes
{
    /// <summary>DER of OID 1.2.840.10045.3.1.7 (prime256v1 / secp256r1), the CKA_EC_PARAMS of a P-256 key.</summary>
    internal static ReadOnlySpan<byte> P256Parameters => [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    /// <summary>DER of OID 1.3.101.112 (id-Ed25519), the CKA_EC_PARAMS of an Ed25519 key (PKCS#11 v3.0).</summary>
    internal static ReadOnlySpan<byte> Ed25519Parameters => [0x06, 0x03, 0x2B, 0x65, 0x70];

    public static string Name(KeyType type) => type switch
    {
        KeyType.Hmac => "hmac",
        KeyType.EcP256 => "ec-p256",
        KeyType.Ed25519 => "ed25519",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParse(string? name, out KeyType type)
    {
        foreach (var candidate in Enum.GetValues<KeyType>())
        {
            if (Name(candidate) == name)
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }

    public static KeyType For(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.EcdsaP256Sha256 => KeyType.EcP256,
        SignatureAlgorithm.Ed25519 => KeyType.Ed25519,
        _ => KeyType.Hmac,
    };

    internal static CKO PrivateClass(KeyType type) => type == KeyType.Hmac ? CKO.CKO_SECRET_KEY : CKO.CKO_PRIVATE_KEY;

    internal static bool Matches(KeyType type, ulong? keyType) => type switch
    {
        KeyType.Hmac => keyType is (ulong)CKK.CKK_GENERIC_SECRET or (ulong)CKK.CKK_SHA256_HMAC or (ulong)CKK.CKK_SHA384_HMAC or (ulong)CKK.CKK_SHA512_HMAC,
        KeyType.EcP256 => keyType == (ulong)CKK.CKK_EC,
        KeyType.Ed25519 => keyType == (ulong)Pkcs11V3.CKK_EC_EDWARDS,
        _ => false,
    };
}
