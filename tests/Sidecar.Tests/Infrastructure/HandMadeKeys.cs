using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;
using Sidecar.Pkcs11;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// Token objects made and read straight through PKCS#11, past Sidecar's own key commands: keys `sidecar keys`
/// would never create (extractable, modifiable or not), and the attributes of every object with a label.
/// </summary>
internal static class HandMadeKeys
{
    /// <summary>An HMAC secret key with the given protection flags (a random 64-byte secret by default); returns the secret.</summary>
    public static byte[] CreateHmac(SoftHsmToken token, string label, bool sensitive, bool extractable, bool modifiable, byte[]? secret = null)
    {
        secret ??= RandomNumberGenerator.GetBytes(64);
        using var hsm = token.Connect(sessionKeyCopies: false);
        var session = OpenSession(hsm);
        var template = new[]
        {
            CkaUtils.CreateAttribute(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
            CkaUtils.CreateAttribute(CKA.CKA_KEY_TYPE, CKK.CKK_GENERIC_SECRET),
            CkaUtils.CreateAttribute(CKA.CKA_TOKEN, true),
            CkaUtils.CreateAttribute(CKA.CKA_PRIVATE, true),
            CkaUtils.CreateAttribute(CKA.CKA_SENSITIVE, sensitive),
            CkaUtils.CreateAttribute(CKA.CKA_EXTRACTABLE, extractable),
            CkaUtils.CreateAttribute(CKA.CKA_SIGN, true),
            CkaUtils.CreateAttribute(CKA.CKA_ENCRYPT, false),
            CkaUtils.CreateAttribute(CKA.CKA_DECRYPT, false),
            CkaUtils.CreateAttribute(CKA.CKA_WRAP, false),
            CkaUtils.CreateAttribute(CKA.CKA_UNWRAP, false),
            CkaUtils.CreateAttribute(CKA.CKA_DERIVE, false),
            CkaUtils.CreateAttribute(CKA.CKA_MODIFIABLE, modifiable),
            CkaUtils.CreateAttribute(CKA.CKA_LABEL, label),
            CkaUtils.CreateAttribute(CKA.CKA_VALUE, secret),
        };
        try
        {
            var handle = 0UL;
            Assert.Equal(CKR.CKR_OK, (CKR)hsm.Library.C_CreateObject(session, template, (ulong)template.Length, ref handle));
            return secret;
        }
        finally
        {
            Attributes.Free(template);
            hsm.Library.C_CloseSession(session);
        }
    }

    /// <summary>CKA_MODIFIABLE of every token object labelled <paramref name="label"/>, with its class.</summary>
    public static List<(CKO Class, bool? Modifiable)> Modifiability(SoftHsmToken token, string label)
    {
        using var hsm = token.Connect(sessionKeyCopies: false);
        var session = OpenSession(hsm);
        var search = new[] { CkaUtils.CreateAttribute(CKA.CKA_LABEL, label), CkaUtils.CreateAttribute(CKA.CKA_TOKEN, true) };
        try
        {
            Assert.Equal(CKR.CKR_OK, (CKR)hsm.Library.C_FindObjectsInit(session, search, (ulong)search.Length));
            var handles = new ulong[16];
            var found = 0UL;
            Assert.Equal(CKR.CKR_OK, (CKR)hsm.Library.C_FindObjects(session, handles, (ulong)handles.Length, ref found));
            hsm.Library.C_FindObjectsFinal(session);
            var objects = new List<(CKO, bool?)>();
            foreach (var handle in handles.AsSpan(0, (int)found))
            {
                var values = Attributes.Read(hsm.Library, session, handle, CKA.CKA_CLASS, CKA.CKA_MODIFIABLE);
                objects.Add(((CKO)Attributes.ULong(values, CKA.CKA_CLASS)!.Value, Attributes.Bool(values, CKA.CKA_MODIFIABLE)));
            }

            return objects;
        }
        finally
        {
            Attributes.Free(search);
            hsm.Library.C_CloseSession(session);
        }
    }

    private static ulong OpenSession(HsmConnection hsm)
    {
        var session = 0UL;
        Assert.Equal(CKR.CKR_OK, (CKR)hsm.Library.C_OpenSession(hsm.Slot, CKF.CKF_SERIAL_SESSION | CKF.CKF_RW_SESSION, IntPtr.Zero, IntPtr.Zero, ref session));
        return session;
    }
}
