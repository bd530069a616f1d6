using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Sidecar.Pkcs11;

/// <summary>Turns CKA_EC_POINT values into SubjectPublicKeyInfo PEM, the form exchanges ask users to register.</summary>
internal static class PublicKeys
{
    // SPKI prefix for Ed25519 (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits) }.
    private static ReadOnlySpan<byte> Ed25519SpkiPrefix => [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00];

    public static string ToPem(KeyType type, byte[] ecPoint)
    {
        var point = UnwrapOctetString(ecPoint);
        switch (type)
        {
            case KeyType.EcP256:
                if (point.Length != 65 || point[0] != 0x04)
                {
                    throw new InvalidDataException("CKA_EC_POINT is not an uncompressed P-256 point");
                }

                using (var ecdsa = ECDsa.Create(new ECParameters
                {
                    Curve = ECCurve.NamedCurves.nistP256,
                    Q = new ECPoint { X = point[1..33], Y = point[33..] },
                }))
                {
                    return ecdsa.ExportSubjectPublicKeyInfoPem();
                }

            case KeyType.Ed25519:
                if (point.Length != 32)
                {
                    throw new InvalidDataException("CKA_EC_POINT is not a 32-byte Ed25519 public key");
                }

                return PemEncoding.WriteString("PUBLIC KEY", [.. Ed25519SpkiPrefix, .. point]);
            default:
                throw new ArgumentOutOfRangeException(nameof(type), "HMAC keys have no public key");
        }
    }

    /// <summary>The raw 32-byte Ed25519 public key from a SubjectPublicKeyInfo PEM (for verifiers in tests and fakes).</summary>
    public static byte[] Ed25519FromPem(string pem)
    {
        var der = PemEncoding.Find(pem) is var fields ? Convert.FromBase64String(pem[fields.Base64Data]) : [];
        if (der.Length != Ed25519SpkiPrefix.Length + 32 || !der.AsSpan(0, Ed25519SpkiPrefix.Length).SequenceEqual(Ed25519SpkiPrefix))
        {
            throw new InvalidDataException("not an Ed25519 SubjectPublicKeyInfo");
        }

        return der[Ed25519SpkiPrefix.Length..];
    }

    // PKCS#11 says CKA_EC_POINT is DER OCTET STRING; some modules return the raw point. Accept both.
    private static byte[] UnwrapOctetString(byte[] value)
    {
        // A raw uncompressed P-256 point (65 bytes, 0x04 first) is not DER; anything else starting with 0x04 is.
        if (value.Length > 2 && value[0] == 0x04 && value.Length != 65)
        {
            try
            {
                var inner = AsnDecoder.ReadOctetString(value, AsnEncodingRules.DER, out var consumed);
                return consumed == value.Length ? inner : value;
            }
            catch (AsnContentException)
            {
                return value;
            }
        }

        return value;
    }
}
