using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;
using Sidecar.Pkcs11;
using Sidecar.Signing;

namespace Sidecar.Benchmarks;

/// <summary>
/// For <c>--concurrency</c>: one SoftHSM2 key object per signing thread, to tell apart the locks two threads can
/// meet in SoftHSM2. <see cref="PrivateCopies"/> are C_CopyObject session copies of the token key, as Sidecar makes
/// them (CKA_PRIVATE stays true: PKCS#11 lets a copy turn it on, never off). <see cref="NonPrivateObjects"/> are
/// session objects created from the bench's generated secret with CKA_PRIVATE false, which Sidecar cannot make
/// from a token key (it never holds the secret): SoftHSM2 keeps their value unencrypted, so C_SignInit skips the
/// decryption that private objects go through. All objects live in this instance's own session and go with it.
/// </summary>
internal sealed class KeyObjectsPerThread : IDisposable
{
    private readonly Pkcs11Library _library;
    private readonly ulong _session;

    public KeyObjectsPerThread(BenchHsm hsm, int threads)
    {
        var connection = hsm.SessionObjectConnection;
        _library = connection.Library;
        var session = 0UL;
        Check(_library.C_OpenSession(connection.Slot, CKF.CKF_SERIAL_SESSION | CKF.CKF_RW_SESSION, IntPtr.Zero, IntPtr.Zero, ref session), "C_OpenSession");
        _session = session;

        PrivateCopies = new ISigningKey[threads];
        NonPrivateObjects = new ISigningKey[threads];
        var tokenObject = BenchHsm.HandleOf(hsm.TokenObjectKey);
        for (var i = 0; i < threads; i++)
        {
            PrivateCopies[i] = new HsmKey(connection, BenchHsm.KeyLabel, SignatureAlgorithm.HmacSha256, Copy(tokenObject), isSessionCopy: true);
            NonPrivateObjects[i] = new HsmKey(connection, BenchHsm.KeyLabel, SignatureAlgorithm.HmacSha256, CreateNonPrivate(hsm.Secret), isSessionCopy: true);
        }
    }

    /// <summary>Private session-object copies of the token key, one per thread (index = thread).</summary>
    public ISigningKey[] PrivateCopies { get; }

    /// <summary>Non-private session objects with the same secret, one per thread (index = thread).</summary>
    public ISigningKey[] NonPrivateObjects { get; }

    public void Dispose() => _library.C_CloseSession(_session);

    private ulong Copy(ulong handle)
    {
        var template = new[] { CkaUtils.CreateAttribute(CKA.CKA_TOKEN, false) };
        try
        {
            var copy = 0UL;
            Check(_library.C_CopyObject(_session, handle, template, (ulong)template.Length, ref copy), "C_CopyObject");
            return copy;
        }
        finally
        {
            Attributes.Free(template);
        }
    }

    private ulong CreateNonPrivate(byte[] secret)
    {
        // A generic secret, as `keys import` makes it, so that only CKA_PRIVATE differs from the copies.
        var template = new[]
        {
            CkaUtils.CreateAttribute(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
            CkaUtils.CreateAttribute(CKA.CKA_KEY_TYPE, CKK.CKK_GENERIC_SECRET),
            CkaUtils.CreateAttribute(CKA.CKA_TOKEN, false),
            CkaUtils.CreateAttribute(CKA.CKA_PRIVATE, false),
            CkaUtils.CreateAttribute(CKA.CKA_SIGN, true),
            CkaUtils.CreateAttribute(CKA.CKA_VALUE, secret),
        };
        try
        {
            var handle = 0UL;
            Check(_library.C_CreateObject(_session, template, (ulong)template.Length, ref handle), "C_CreateObject");
            return handle;
        }
        finally
        {
            Attributes.Free(template);
        }
    }

    private static void Check(CKR rv, string operation)
    {
        if (rv != CKR.CKR_OK)
        {
            throw new InvalidOperationException($"{operation} failed: {rv}");
        }
    }
}
