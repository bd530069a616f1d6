using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;

namespace Sidecar.Pkcs11;

/// <summary>
/// Initialises a token in a free slot and sets its user PIN — what <c>softhsm2-util --init-token</c> does, but
/// with the PINs passed in memory instead of on the command line. For development tokens (SoftHSM2); on a real
/// HSM, tokens are set up with the vendor's tools.
/// </summary>
public static class TokenInitializer
{
    /// <summary>Returns false when a token with this label already exists (nothing is changed).</summary>
    public static bool InitializeIfMissing(string modulePath, string tokenLabel, ReadOnlySpan<byte> soPin, ReadOnlySpan<byte> userPin)
    {
        var module = LoadedModule.Acquire(modulePath);
        var library = module.Library;
        try
        {
            if (TokenSlots.FindInitialized(library, tokenLabel) is not null)
            {
                return false;
            }

            var free = FreeSlot(library);

            var so = soPin.ToArray();
            var user = userPin.ToArray();
            try
            {
                var label = ConvertUtils.Utf8StringToBytes(tokenLabel, 32, 0x20);
                HsmException.ThrowIfFailed((CKR)library.C_InitToken(free, so, (ulong)so.Length, label), "C_InitToken", tokenLabel);

                // SoftHSM2 gives the initialised token a new slot id; find it again by label.
                    var slot = TokenSlots.FindInitialized(library, tokenLabel)
                    ?? throw new HsmException("C_GetTokenInfo", CKR.CKR_TOKEN_NOT_PRESENT, tokenLabel);
                var session = 0UL;
                HsmException.ThrowIfFailed((CKR)library.C_OpenSession(slot, CKF.CKF_SERIAL_SESSION | CKF.CKF_RW_SESSION, IntPtr.Zero, IntPtr.Zero, ref session), "C_OpenSession");
                try
                {
                    HsmException.ThrowIfFailed((CKR)library.C_Login(session, CKU.CKU_SO, so, (ulong)so.Length), "C_Login (SO)");
                    HsmException.ThrowIfFailed((CKR)library.C_InitPIN(session, user, (ulong)user.Length), "C_InitPIN");
                    library.C_Logout(session);
                }
                finally
                {
                    library.C_CloseSession(session);
                }
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(so);
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(user);
            }

            return true;
        }
        finally
        {
            module.Release();
        }
    }

    // SoftHSM2 always keeps one uninitialised token in a spare slot for this.
    private static ulong FreeSlot(Pkcs11Library library)
    {
        foreach (var token in TokenSlots.List(library))
        {
            if (!token.Initialized)
            {
                return token.Slot;
            }
        }

        throw new HsmException("C_GetSlotList", CKR.CKR_TOKEN_NOT_PRESENT, "no free slot to initialise a token in");
    }
}
