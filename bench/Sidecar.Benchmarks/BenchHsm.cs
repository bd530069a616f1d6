using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Sidecar.Pkcs11;
using Sidecar.Signing;

namespace Sidecar.Benchmarks;

/// <summary>
/// A throwaway SoftHSM2 token for one benchmark process: a temp directory with its own softhsm2.conf (SOFTHSM2_CONF
/// set with libc setenv, because the module reads it with getenv), a token initialised with generated SO/user PINs,
/// one imported HMAC secret (64 generated alphanumeric characters, Binance-style), and two connections:
/// <see cref="SessionObjectKey"/> (HsmSettings.SessionKeyCopies = true: a C_CopyObject session-object copy) and
/// <see cref="TokenObjectKey"/> (SessionKeyCopies = false: the token object itself).
/// Nothing secret is printed or logged; PIN bytes are zeroed once both connections are open.
/// Created once per process (BenchmarkDotNet runs every benchmark in-process, see <see cref="BenchConfig"/>) and
/// deleted at exit.
/// </summary>
internal sealed class BenchHsm : IDisposable
{
    public const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";
    public const string TokenLabel = "sidecar-bench";
    public const string KeyLabel = "bench-binance-hmac";

    private static readonly Lock SharedLock = new();
    private static BenchHsm? _shared;

    private readonly string _directory;
    private readonly HsmConnection _sessionObjectConnection;
    private readonly HsmConnection _tokenObjectConnection;

    private BenchHsm(string directory, HsmConnection sessionObjects, HsmConnection tokenObjects, byte[] secret)
    {
        _directory = directory;
        _sessionObjectConnection = sessionObjects;
        _tokenObjectConnection = tokenObjects;
        SessionObjectKey = (HsmKey)sessionObjects.ResolveSigningKey(KeyLabel, SignatureAlgorithm.HmacSha256);
        TokenObjectKey = (HsmKey)tokenObjects.ResolveSigningKey(KeyLabel, SignatureAlgorithm.HmacSha256);
        InProcessKey = new InProcessHmacKey(secret);
        Secret = secret;
        ApiKey = "bench" + RandomNumberGenerator.GetHexString(59, lowercase: true);

        if (!SessionObjectKey.IsSessionCopy)
        {
            throw new InvalidOperationException("SoftHSM2 refused C_CopyObject: the session-object key fell back to the token object.");
        }

        if (TokenObjectKey.IsSessionCopy)
        {
            throw new InvalidOperationException("SessionKeyCopies=false still produced a session-object key.");
        }
    }

    public static BenchHsm Shared
    {
        get
        {
            lock (SharedLock)
            {
                if (_shared is null)
                {
                    _shared = Create();
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeShared();
                }

                return _shared;
            }
        }
    }

    /// <summary>Signs with the session-object copy (the production default on SoftHSM2).</summary>
    public HsmKey SessionObjectKey { get; }

    /// <summary>Signs with the token object (what SessionKeyCopies=false, or a refused copy, gives).</summary>
    public HsmKey TokenObjectKey { get; }

    /// <summary>Managed HMACSHA256 with the same secret: the no-HSM baseline.</summary>
    public ISigningKey InProcessKey { get; }

    /// <summary>The generated secret the token holds (bench only: <see cref="KeyObjectsPerThread"/> creates test objects from it).</summary>
    public byte[] Secret { get; }

    /// <summary>Generated; stands in for the exchange's (non-secret) key id.</summary>
    public string ApiKey { get; }

    public HsmConnection SessionObjectConnection => _sessionObjectConnection;

    public HsmConnection TokenObjectConnection => _tokenObjectConnection;

    /// <summary>
    /// The PKCS#11 object handle behind an <see cref="HsmKey"/>. HsmKey keeps it in a private field, so this reads
    /// it by reflection — in benchmark setup only, never inside a measured method.
    /// </summary>
    public static ulong HandleOf(HsmKey key)
    {
        var field = typeof(HsmKey).GetField("_handle", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("HsmKey._handle not found; update BenchHsm.HandleOf.");
        return (ulong)field.GetValue(key)!;
    }

    public static void DisposeShared()
    {
        lock (SharedLock)
        {
            _shared?.Dispose();
            _shared = null;
        }
    }

    public void Dispose()
    {
        _sessionObjectConnection.Dispose();
        _tokenObjectConnection.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp directory eventually.
        }
    }

    private static BenchHsm Create()
    {
        if (!File.Exists(ModulePath))
        {
            throw new InvalidOperationException($"{ModulePath} is missing: install the softhsm2 package.");
        }

        var directory = Directory.CreateTempSubdirectory("sidecar-bench-softhsm-").FullName;
        var tokens = Directory.CreateDirectory(Path.Combine(directory, "tokens")).FullName;
        var configPath = Path.Combine(directory, "softhsm2.conf");
        File.WriteAllText(configPath, ConfigTemplate().Replace("@TOKENDIR@", tokens, StringComparison.Ordinal));
        NativeEnvironment.Set("SOFTHSM2_CONF", configPath);

        var soPin = Encoding.ASCII.GetBytes(RandomNumberGenerator.GetHexString(16, lowercase: true));
        var userPin = Encoding.ASCII.GetBytes(RandomNumberGenerator.GetHexString(16, lowercase: true));
        var secret = Encoding.ASCII.GetBytes(RandomNumberGenerator.GetString(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 64));
        HsmConnection? sessionObjects = null;
        HsmConnection? tokenObjects = null;
        try
        {
            TokenInitializer.InitializeIfMissing(ModulePath, TokenLabel, soPin, userPin);
            tokenObjects = HsmConnection.Open(Settings(sessionKeyCopies: false), userPin);
            tokenObjects.ImportHmacSecret(KeyLabel, secret, replace: false);
            sessionObjects = HsmConnection.Open(Settings(sessionKeyCopies: true), userPin);
            return new BenchHsm(directory, sessionObjects, tokenObjects, secret);
        }
        catch
        {
            sessionObjects?.Dispose();
            tokenObjects?.Dispose();
            CryptographicOperations.ZeroMemory(secret);
            Directory.Delete(directory, recursive: true);
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(soPin);
            CryptographicOperations.ZeroMemory(userPin);
        }
    }

    private static HsmSettings Settings(bool sessionKeyCopies) => new()
    {
        ModulePath = ModulePath,
        TokenLabel = TokenLabel,
        SessionCount = 4,
        SessionKeyCopies = sessionKeyCopies,
    };

    // softhsm/softhsm2.conf.template from the repository when it can be found; the same settings inline otherwise.
    private static string ConfigTemplate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var template = Path.Combine(dir.FullName, "softhsm", "softhsm2.conf.template");
            if (File.Exists(Path.Combine(dir.FullName, "Sidecar.sln")) && File.Exists(template))
            {
                return File.ReadAllText(template);
            }
        }

        return "directories.tokendir = @TOKENDIR@\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n";
    }
}
