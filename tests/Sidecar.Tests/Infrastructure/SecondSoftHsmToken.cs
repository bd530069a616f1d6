using System.Security.Cryptography;
using System.Text;
using Net.Pkcs11Interop.Common;
using Sidecar.Pkcs11;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// A second token beside <see cref="SoftHsmToken"/>'s, in the same SoftHSM2 directory, with its own PINs and PIN
/// file: another HSM for per-venue tokens and for the standby of a primary/standby pair.
/// </summary>
internal sealed class SecondSoftHsmToken
{
    public const string TokenLabel = "sidecar-tests-2";

    private static readonly Lock Creating = new();
    private static SecondSoftHsmToken? s_instance;

    private SecondSoftHsmToken(SoftHsmToken first)
    {
        Pin = RandomNumberGenerator.GetHexString(16, lowercase: true);
        SoPin = RandomNumberGenerator.GetHexString(16, lowercase: true);
        PinFile = Path.Combine(first.Directory, "user-2.pin");
        File.WriteAllText(PinFile, Pin + "\n");
        TokenInitializer.InitializeIfMissing(RepoPaths.SoftHsmModule, TokenLabel, Encoding.UTF8.GetBytes(SoPin), Encoding.UTF8.GetBytes(Pin));
    }

    public string Pin { get; }

    public string SoPin { get; }

    public string PinFile { get; }

    /// <summary>The second token of this test run (created once, in the first token's directory).</summary>
    public static SecondSoftHsmToken Of(SoftHsmToken first)
    {
        lock (Creating)
        {
            return s_instance ??= new SecondSoftHsmToken(first);
        }
    }

    public HsmConnection Connect() => HsmConnection.Open(
        new HsmSettings { ModulePath = RepoPaths.SoftHsmModule, TokenLabel = TokenLabel, SessionCount = 1, SessionKeyCopies = false },
        Encoding.UTF8.GetBytes(Pin));

    /// <summary>Changes the user PIN on the token itself (C_SetPIN), as an operator would: Sidecar's PIN file is not touched.</summary>
    public static void ChangePin(string oldPin, string newPin)
    {
        var module = LoadedModule.Acquire(RepoPaths.SoftHsmModule);
        try
        {
            var library = module.Library;
            var slot = TokenSlots.FindInitialized(library, TokenLabel) ?? throw new InvalidOperationException("no second token");
            var session = 0UL;
            Check((CKR)library.C_OpenSession(slot, CKF.CKF_SERIAL_SESSION | CKF.CKF_RW_SESSION, IntPtr.Zero, IntPtr.Zero, ref session), "C_OpenSession");
            try
            {
                var old = Encoding.UTF8.GetBytes(oldPin);
                var next = Encoding.UTF8.GetBytes(newPin);
                Check((CKR)library.C_Login(session, CKU.CKU_USER, old, (ulong)old.Length), "C_Login");
                Check((CKR)library.C_SetPIN(session, old, (ulong)old.Length, next, (ulong)next.Length), "C_SetPIN");
                library.C_Logout(session);
            }
            finally
            {
                library.C_CloseSession(session);
            }
        }
        finally
        {
            module.Release();
        }
    }

    private static void Check(CKR rv, string operation)
    {
        if (rv is not (CKR.CKR_OK or CKR.CKR_USER_ALREADY_LOGGED_IN))
        {
            throw new InvalidOperationException($"{operation} failed: {rv}");
        }
    }

    public void ImportHmac(string label, byte[] secret)
    {
        using var hsm = Connect();
        hsm.ImportHmacSecret(label, secret, replace: false);
    }
}
