using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;

namespace Sidecar.Pkcs11;

/// <summary>Finds slots by the label and state of the token in them.</summary>
internal static class TokenSlots
{
    public readonly record struct Token(ulong Slot, string Label, bool Initialized);

    public static List<Token> List(Pkcs11Library library)
    {
        var count = 0UL;
        HsmException.ThrowIfFailed((CKR)library.C_GetSlotList(true, null, ref count), "C_GetSlotList");
        var slots = new ulong[count];
        HsmException.ThrowIfFailed((CKR)library.C_GetSlotList(true, slots, ref count), "C_GetSlotList");
        var tokens = new List<Token>((int)count);
        for (var i = 0; i < (int)count; i++)
        {
            var info = new CK_TOKEN_INFO();
            if ((CKR)library.C_GetTokenInfo(slots[i], ref info) == CKR.CKR_OK)
            {
                var label = ConvertUtils.BytesToUtf8String(info.Label).TrimEnd(' ', '\0');
                tokens.Add(new Token(slots[i], label, (info.Flags & CKF.CKF_TOKEN_INITIALIZED) != 0));
            }
        }

        return tokens;
    }

    /// <summary>The slot of the initialised token with this label, or null.</summary>
    public static ulong? FindInitialized(Pkcs11Library library, string tokenLabel)
    {
        foreach (var token in List(library))
        {
            if (token.Initialized && token.Label == tokenLabel)
            {
                return token.Slot;
            }
        }

        return null;
    }
}
