using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Sidecar.Pkcs11;

/// <summary>Reads the private scalar (and public point when available) out of a PEM private key, for import.</summary>
internal static class PrivateKeyPem
{
    private const string Ed25519Oid = "1.3.101.112";

    /// <returns>The private value (caller zeroes it) and the public point (null when the PEM does not carry it).</returns>
    public static (byte[] PrivateValue, byte[]? PublicPoint) Parse(KeyType type, ReadOnlySpan<char> pem)
    {
        switch (type)
        {
            case KeyType.EcP256:
                using (var ecdsa = ECDsa.Create())
                {
                    try
                    {
                        ecdsa.ImportFromPem(pem);
                    }
                    catch (Exception ex) when (ex is ArgumentException or CryptographicException)
                    {
                        throw new FormatException("standard input is not a PEM EC private key (PKCS#8 or SEC1)", ex);
                    }

                    var parameters = ecdsa.ExportParameters(includePrivateParameters: true);
                    try
                    {
                        if (parameters.Curve.Oid?.Value != "1.2.840.10045.3.1.7")
                        {
                            throw new FormatException($"the EC key is on curve {parameters.Curve.Oid?.FriendlyName ?? "?"}; ec-p256 needs P-256");
                        }

                        return (parameters.D!.ToArray(), [0x04, .. parameters.Q.X!, .. parameters.Q.Y!]);
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(parameters.D);
                    }
                }

            case KeyType.Ed25519:
                if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] is not "PRIVATE KEY")
                {
                    throw new FormatException("standard input is not a PEM \"PRIVATE KEY\" (PKCS#8) Ed25519 key");
                }

                var der = Convert.FromBase64String(pem[fields.Base64Data].ToString());
                try
                {
                    return ParseEd25519Pkcs8(der);
                }
                catch (AsnContentException ex)
                {
                    throw new FormatException("the PKCS#8 key is not valid DER", ex);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(der);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(type));
        }
    }

    // RFC 8410 / RFC 5958: OneAsymmetricKey ::= SEQUENCE { version, algorithm SEQUENCE { OID id-Ed25519 },
    // privateKey OCTET STRING { CurvePrivateKey OCTET STRING (32) }, [0] attributes OPTIONAL, [1] publicKey OPTIONAL }.
    private static (byte[] PrivateValue, byte[]? PublicPoint) ParseEd25519Pkcs8(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var sequence = outer.ReadSequence();
        sequence.ReadInteger();
        var algorithm = sequence.ReadSequence();
        if (algorithm.ReadObjectIdentifier() != Ed25519Oid)
        {
            throw new FormatException("the PKCS#8 key is not an Ed25519 key");
        }

        var wrapped = sequence.ReadOctetString();
        byte[] seed;
        try
        {
            seed = AsnDecoder.ReadOctetString(wrapped, AsnEncodingRules.DER, out _);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrapped);
        }

        if (seed.Length != 32)
        {
            CryptographicOperations.ZeroMemory(seed);
            throw new FormatException("the Ed25519 private key is not 32 bytes");
        }

        byte[]? publicKey = null;
        while (sequence.HasData)
        {
            var tag = sequence.PeekTag();
            if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
            {
                publicKey = sequence.ReadBitString(out _, new Asn1Tag(TagClass.ContextSpecific, 1));
            }
            else
            {
                sequence.ReadEncodedValue();
            }
        }

        // Without the optional public key the pair's public half cannot be derived here (no Ed25519 in .NET);
        // the user registered it with the exchange already, so `keys public` serves generated keys.
        return (seed, publicKey is { Length: 32 } ? publicKey : null);
    }
}
