using Net.Pkcs11Interop.Common;

namespace Sidecar.Pkcs11;

/// <summary>PKCS#11 v3.0 constants that Pkcs11Interop 5.x (a v2.40 binding) does not define.</summary>
internal static class Pkcs11V3
{
    /// <summary>CKK_EC_EDWARDS (PKCS#11 v3.0 §2.3.5): Ed25519/Ed448 keys.</summary>
    public const CKK CKK_EC_EDWARDS = (CKK)0x40;

    /// <summary>CKM_EDDSA (PKCS#11 v3.0 §2.3.14): pure EdDSA over the message.</summary>
    public const CKM CKM_EDDSA = (CKM)0x1057;
}
