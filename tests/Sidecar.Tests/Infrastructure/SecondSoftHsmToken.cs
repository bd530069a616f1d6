using System.Security.Cryptography;
using System.Text;
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

    public void ImportHmac(string label, byte[] secret)
    {
        using var hsm = Connect();
        hsm.ImportHmacSecret(label, secret, replace: false);
    }
}
