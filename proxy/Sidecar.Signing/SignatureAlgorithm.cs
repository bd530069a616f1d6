namespace Sidecar.Signing;

/// <summary>The primitive a scheme needs from the HSM. Each maps to one PKCS#11 mechanism.</summary>
public enum SignatureAlgorithm
{
    HmacSha256,
    HmacSha384,
    HmacSha512,
    EcdsaP256Sha256,
    Ed25519,
}

public static class SignatureAlgorithmFacts
{
    /// <summary>Largest signature any algorithm produces: HMAC-SHA512 and Ed25519 are 64 bytes, ECDSA P-256 r‖s is 64.</summary>
    public const int MaxSignatureBytes = 64;

    public static int SignatureLength(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.HmacSha256 => 32,
        SignatureAlgorithm.HmacSha384 => 48,
        SignatureAlgorithm.HmacSha512 => 64,
        SignatureAlgorithm.EcdsaP256Sha256 => 64,
        SignatureAlgorithm.Ed25519 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public static bool IsHmac(SignatureAlgorithm algorithm) =>
        algorithm is SignatureAlgorithm.HmacSha256 or SignatureAlgorithm.HmacSha384 or SignatureAlgorithm.HmacSha512;
}
