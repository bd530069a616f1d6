using System.Security.Cryptography;
using System.Text;
using Sidecar.Pkcs11;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// One SoftHSM2 token for the whole test run, in a temporary directory, initialised with generated PINs through
/// Sidecar's own PKCS#11 code. SoftHSM2 reads SOFTHSM2_CONF when the module is initialised, so it is set for the
/// process before any test touches the module. Tests use distinct key labels, so they can share it.
/// </summary>
public sealed class SoftHsmToken : IDisposable
{
    public const string TokenLabel = "sidecar-tests";

    public SoftHsmToken()
    {
        if (!File.Exists(RepoPaths.SoftHsmModule))
        {
            throw new InvalidOperationException($"{RepoPaths.SoftHsmModule} is missing: install the softhsm2 package (the README's test command does).");
        }

        Directory = System.IO.Directory.CreateTempSubdirectory("sidecar-softhsm-").FullName;
        var tokens = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "tokens")).FullName;
        ConfigPath = Path.Combine(Directory, "softhsm2.conf");
        var template = File.ReadAllText(Path.Combine(RepoPaths.Root, "softhsm", "softhsm2.conf.template"));
        File.WriteAllText(ConfigPath, template.Replace("@TOKENDIR@", tokens, StringComparison.Ordinal));
        NativeEnvironment.Set("SOFTHSM2_CONF", ConfigPath);

        Pin = RandomNumberGenerator.GetHexString(16, lowercase: true);
        PinFile = Path.Combine(Directory, "user.pin");
        File.WriteAllText(PinFile, Pin + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(PinFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        SoPin = RandomNumberGenerator.GetHexString(16, lowercase: true);
        TokenInitializer.InitializeIfMissing(RepoPaths.SoftHsmModule, TokenLabel, Encoding.UTF8.GetBytes(SoPin), Encoding.UTF8.GetBytes(Pin));
    }

    public string Directory { get; }

    public string ConfigPath { get; }

    public string PinFile { get; }

    /// <summary>Generated per run; tests scan output for it to prove it never leaks.</summary>
    public string Pin { get; }

    /// <summary>The security officer's PIN, generated per run; scanned for like <see cref="Pin"/>.</summary>
    public string SoPin { get; }

    public HsmSettings Settings(bool sessionKeyCopies = true) => new()
    {
        ModulePath = RepoPaths.SoftHsmModule,
        TokenLabel = TokenLabel,
        SessionCount = 4,
        SessionKeyCopies = sessionKeyCopies,
    };

    public HsmConnection Connect(bool sessionKeyCopies = true, TimeProvider? clock = null) => HsmConnection.Open(Settings(sessionKeyCopies), Encoding.UTF8.GetBytes(Pin), clock);

    public void ImportHmac(string label, byte[] secret, bool replace = false)
    {
        using var hsm = Connect(sessionKeyCopies: false);
        hsm.ImportHmacSecret(label, secret, replace);
    }

    public void ImportPassphrase(string label, string passphrase)
    {
        using var hsm = Connect(sessionKeyCopies: false);
        hsm.ImportPassphrase(label, System.Text.Encoding.UTF8.GetBytes(passphrase), replace: false);
    }

    /// <summary>Generates a key pair inside the token and returns its public key PEM (for the fake exchange).</summary>
    public string GenerateKeyPair(string label, KeyType type)
    {
        using var hsm = Connect(sessionKeyCopies: false);
        return hsm.GenerateKeyPair(label, type, replace: false);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file; the OS cleans the temp directory.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class HsmCollection : ICollectionFixture<SoftHsmToken>
{
    /// <summary>Every test that touches the PKCS#11 module runs in this collection, one at a time.</summary>
    public const string Name = "hsm";
}
