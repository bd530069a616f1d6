using System.Runtime.InteropServices;

namespace Sidecar.Audit;

/// <summary>
/// Ed25519 signature verification by the system's OpenSSL 3 (libcrypto), the library .NET itself uses for TLS and
/// cryptography on Linux: .NET has no Ed25519, and a verifier is not something to write by hand. Verification only;
/// Sidecar never holds an Ed25519 private key (the HSM signs).
/// </summary>
internal static class OpenSslEd25519
{
    private const string LibCrypto = "libcrypto.so.3";

    /// <summary>NID_ED25519 (OpenSSL's obj_mac.h), the EVP_PKEY type of an Ed25519 key.</summary>
    private const int EvpPkeyEd25519 = 1087;

    /// <summary>True when <paramref name="signature"/> is <paramref name="publicKey"/>'s Ed25519 signature of <paramref name="message"/>.</summary>
    /// <exception cref="PlatformNotSupportedException">OpenSSL 3 is not installed.</exception>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        nint key;
        try
        {
            key = EVP_PKEY_new_raw_public_key(EvpPkeyEd25519, 0, ref MemoryMarshal.GetReference(publicKey), (nuint)publicKey.Length);
        }
        catch (DllNotFoundException)
        {
            throw new PlatformNotSupportedException($"verifying Ed25519 checkpoints needs OpenSSL 3 ({LibCrypto}; Debian and Ubuntu: libssl3)");
        }

        if (key == 0)
        {
            ERR_clear_error();
            return false;
        }

        var context = EVP_MD_CTX_new();
        try
        {
            // Ed25519 is "one-shot": no digest is named (PureEdDSA hashes inside).
            var verified = context != 0
                && EVP_DigestVerifyInit(context, 0, 0, 0, key) == 1
                && EVP_DigestVerify(context, ref MemoryMarshal.GetReference(signature), (nuint)signature.Length,
                    ref MemoryMarshal.GetReference(message), (nuint)message.Length) == 1;
            if (!verified)
            {
                // A bad signature leaves an entry on the thread's OpenSSL error queue; .NET's own calls must not find it.
                ERR_clear_error();
            }

            return verified;
        }
        finally
        {
            if (context != 0)
            {
                EVP_MD_CTX_free(context);
            }

            EVP_PKEY_free(key);
        }
    }

    // DllImport with blittable arguments: the project does not allow unsafe code, which LibraryImport needs.
    [DllImport(LibCrypto)]
    private static extern nint EVP_PKEY_new_raw_public_key(int type, nint engine, ref byte key, nuint length);

    [DllImport(LibCrypto)]
    private static extern void EVP_PKEY_free(nint key);

    [DllImport(LibCrypto)]
    private static extern void ERR_clear_error();

    [DllImport(LibCrypto)]
    private static extern nint EVP_MD_CTX_new();

    [DllImport(LibCrypto)]
    private static extern void EVP_MD_CTX_free(nint context);

    [DllImport(LibCrypto)]
    private static extern int EVP_DigestVerifyInit(nint context, nint keyContext, nint digest, nint engine, nint key);

    [DllImport(LibCrypto)]
    private static extern int EVP_DigestVerify(nint context, ref byte signature, nuint signatureLength, ref byte message, nuint messageLength);
}
