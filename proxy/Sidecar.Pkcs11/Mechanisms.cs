using Net.Pkcs11Interop.Common;
using Sidecar.Signing;

namespace Sidecar.Pkcs11;

internal static class Mechanisms
{
    public static CKM For(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.HmacSha256 => CKM.CKM_SHA256_HMAC,
        SignatureAlgorithm.HmacSha384 => CKM.CKM_SHA384_HMAC,
        SignatureAlgorithm.HmacSha512 => CKM.CKM_SHA512_HMAC,

        // Raw ECDSA over a SHA-256 digest computed in managed code (SoftHSM2 and most HSMs support CKM_ECDSA
        // everywhere, CKM_ECDSA_SHA256 not always).
        SignatureAlgorithm.EcdsaP256Sha256 => CKM.CKM_ECDSA,
        SignatureAlgorithm.Ed25519 => Pkcs11V3.CKM_EDDSA,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };
}
