using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;
using Sidecar.Signing;

namespace Sidecar.Pkcs11;

/// <summary>
/// A loaded PKCS#11 module, logged in once to one token, with a pool of signing sessions and one management
/// session (key lookup and import, and owner of the session-object key copies, which live as long as it does).
/// </summary>
public sealed partial class HsmConnection : IDisposable
{
    private readonly HsmSettings _settings;
    private readonly Lock _managementLock = new();
    private readonly List<ulong> _openSessions = [];
    private readonly List<HsmKey> _keys = [];
    private ulong _managementSession;
    private volatile bool _disposed;

    private readonly LoadedModule _module;

    private HsmConnection(HsmSettings settings, LoadedModule module, ulong slot, TimeProvider clock)
    {
        _settings = settings;
        _module = module;
        Clock = clock;
        Library = module.Library;
        Slot = slot;
        Sessions = null!;
    }

    public string TokenLabel => _settings.TokenLabel;

    /// <summary>
    /// The connection's one clock: the watchdog's ticks and the start of each sign it times, the reconnect back-off,
    /// and the date written as a new key's creation date (CKA_START_DATE and the metadata object). Tests pass a fake
    /// one to drive the watchdog and the back-off, or to make a key that is already old through the code that stamps
    /// real keys.
    /// </summary>
    internal TimeProvider Clock { get; }

    private DateTime Today => Clock.GetUtcNow().UtcDateTime.Date;

    internal Pkcs11Library Library { get; }

    internal ulong Slot { get; private set; }

    internal HsmSessionPool Sessions { get; private set; }

    /// <summary>Loads the module, finds the token by label, logs in once and opens the session pool.</summary>
    /// <param name="clock">The connection's clock (see <see cref="Clock"/>); the system's when null.</param>
    /// <exception cref="HsmException">Anything failed; the message says what, never the PIN.</exception>
    public static HsmConnection Open(HsmSettings settings, ReadOnlySpan<byte> pin, TimeProvider? clock = null) =>
        Open(settings, pin, deferPinErrors: false, clock ?? TimeProvider.System);

    private static HsmConnection Open(HsmSettings settings, ReadOnlySpan<byte> pin, bool deferPinErrors, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() || !Environment.Is64BitProcess)
        {
            // LowLevelAPI80 matches the LP64 C ABI (8-byte CK_ULONG, unpacked structs) of 64-bit Unix.
            throw new PlatformNotSupportedException("Sidecar's PKCS#11 layer supports 64-bit Linux and macOS.");
        }

        var module = LoadedModule.Acquire(settings.ModulePath);
        HsmConnection? connection = null;
        try
        {
            var slot = FindSlot(module.Library, settings.TokenLabel);
            connection = new HsmConnection(settings, module, slot, clock);
            try
            {
                connection.LoginAndOpenSessions(pin);
            }
            catch (HsmException ex) when (deferPinErrors && ex.IsPinError)
            {
                connection.RejectPin(ex);
            }

            connection.StartWatchdog();
            return connection;
        }
        catch
        {
            if (connection is not null)
            {
                connection.Dispose();
            }
            else
            {
                module.Release();
            }

            throw;
        }
    }

    /// <summary>Resolves a signing key by label. Called at start-up, never per request.</summary>
    /// <exception cref="HsmKeyException">No key, several keys, or a key of the wrong type has that label.</exception>
    public ISigningKey ResolveSigningKey(string label, SignatureAlgorithm algorithm)
    {
        lock (_managementLock)
        {
            if (PinRejected)
            {
                // Not logged in, so the label cannot be looked up; the key signs nothing (503) until a restart.
                var unbound = new HsmKey(this, label, algorithm, handle: 0, isSessionCopy: false);
                _keys.Add(unbound);
                return unbound;
            }

            var (handle, isCopy) = ResolveHandleLocked(label, algorithm);
            var key = new HsmKey(this, label, algorithm, handle, isCopy);
            _keys.Add(key);
            return key;
        }
    }

    /// <summary>
    /// A key no configuration uses any more (replaced by a reload): it is no longer looked up again after a
    /// reconnect. Its session copy, if any, stays until the management session closes — a request that picked the
    /// key just before the reload may still sign with it.
    /// </summary>
    public void Release(ISigningKey key)
    {
        if (key is not HsmKey hsmKey)
        {
            return;
        }

        lock (_managementLock)
        {
            _keys.Remove(hsmKey);
        }
    }

    private (ulong Handle, bool IsSessionCopy) ResolveHandleLocked(string label, SignatureAlgorithm algorithm)
    {
        var objectClass = KeyTypes.PrivateClass(KeyTypes.For(algorithm));
        var handles = FindObjects(label, objectClass);
        if (handles.Count == 0)
        {
            throw new HsmKeyException(label, $"no {Describe(objectClass)} labelled '{label}' on token '{TokenLabel}'");
        }

        if (handles.Count > 1)
        {
            throw new HsmKeyException(label, $"{handles.Count} objects are labelled '{label}' on token '{TokenLabel}'; labels must be unique");
        }

        var handle = handles[0];
        var keyType = KeyTypes.For(algorithm);
        var actual = Attributes.ULong(Attributes.Read(Library, _managementSession, handle, CKA.CKA_KEY_TYPE), CKA.CKA_KEY_TYPE);
        if (!KeyTypes.Matches(keyType, actual))
        {
            throw new HsmKeyException(label, $"'{label}' is not an {KeyTypes.Name(keyType)} key (CKA_KEY_TYPE {(actual is { } t ? ((CKK)t).ToString() : "unknown")}), which this venue's scheme needs");
        }

        return _settings.SessionKeyCopies && TryCopyToSession(handle, out var copy) ? (copy, true) : (handle, false);
    }

    /// <summary>Cheap liveness check for readiness: the token still answers on the management session.</summary>
    public bool Probe(out string? problem)
    {
        // Unavailable covers a hang: never call into a hung HSM from a readiness probe.
        if (Unavailable is { } reason)
        {
            problem = reason;
            return false;
        }

        lock (_managementLock)
        {
            var info = new CK_SESSION_INFO();
            var rv = (CKR)Library.C_GetSessionInfo(_managementSession, ref info);
            problem = rv == CKR.CKR_OK ? null : $"C_GetSessionInfo failed: {rv}";
            return rv == CKR.CKR_OK;
        }
    }

    public IReadOnlyList<KeyInfo> ListKeys()
    {
        lock (_managementLock)
        {
            // The creation dates of keys without CKA_START_DATE, read in one pass: looking each one up by label
            // searched every object once per key, minutes on a token with a few thousand keys.
            var created = ReadAllCreated();
            var keys = new List<KeyInfo>();
            foreach (var objectClass in (ReadOnlySpan<CKO>)[CKO.CKO_SECRET_KEY, CKO.CKO_PRIVATE_KEY])
            {
                foreach (var handle in FindObjects(label: null, objectClass))
                {
                    keys.Add(Describe(handle, created));
                }
            }

            keys.Sort((a, b) => string.CompareOrdinal(a.Label, b.Label));
            return keys;
        }
    }

    public KeyInfo? FindKey(string label)
    {
        lock (_managementLock)
        {
            return FindKeyLocked(label);
        }
    }

    private KeyInfo? FindKeyLocked(string label)
    {
        foreach (var objectClass in (ReadOnlySpan<CKO>)[CKO.CKO_SECRET_KEY, CKO.CKO_PRIVATE_KEY])
        {
            var handles = FindObjects(label, objectClass);
            if (handles.Count > 0)
            {
                return Describe(handles[0]);
            }
        }

        return null;
    }

    /// <summary>
    /// Stores an HMAC secret as a token object that can only sign: sensitive, never extractable. The caller's
    /// buffer is not kept; the unmanaged copy is zeroed after the call.
    /// </summary>
    /// <exception cref="HsmKeyException">The label exists and <paramref name="replace"/> is false.</exception>
    public void ImportHmacSecret(string label, ReadOnlySpan<byte> secret, bool replace)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        if (secret.IsEmpty)
        {
            throw new ArgumentException("The secret is empty.", nameof(secret));
        }

        lock (_managementLock)
        {
            var existing = ExistingObjects(label, replace);

            var value = HmacKeyPadding.Pad(secret);
            try
            {
                var template = new[]
                {
                    CkaUtils.CreateAttribute(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
                    CkaUtils.CreateAttribute(CKA.CKA_KEY_TYPE, CKK.CKK_GENERIC_SECRET),
                    CkaUtils.CreateAttribute(CKA.CKA_LABEL, label),
                    CkaUtils.CreateAttribute(CKA.CKA_TOKEN, true),
                    CkaUtils.CreateAttribute(CKA.CKA_PRIVATE, true),
                    CkaUtils.CreateAttribute(CKA.CKA_SENSITIVE, true),
                    CkaUtils.CreateAttribute(CKA.CKA_EXTRACTABLE, false),
                    CkaUtils.CreateAttribute(CKA.CKA_SIGN, true),
                    CkaUtils.CreateAttribute(CKA.CKA_VERIFY, true),
                    CkaUtils.CreateAttribute(CKA.CKA_ENCRYPT, false),
                    CkaUtils.CreateAttribute(CKA.CKA_DECRYPT, false),
                    CkaUtils.CreateAttribute(CKA.CKA_WRAP, false),
                    CkaUtils.CreateAttribute(CKA.CKA_UNWRAP, false),
                    CkaUtils.CreateAttribute(CKA.CKA_DERIVE, false),
                    CkaUtils.CreateAttribute(CKA.CKA_START_DATE, Today),
                    CkaUtils.CreateAttribute(CKA.CKA_VALUE, value),
                };
                try
                {
                    var handle = 0UL;
                    var rv = (CKR)Library.C_CreateObject(_managementSession, template, (ulong)template.Length, ref handle);
                    HsmException.ThrowIfFailed(rv, "C_CreateObject", label);
                }
                finally
                {
                    Attributes.Free(template);
                }

                CreateMetadata(label, origin: "imported");
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(value);
            }

            DestroyAll(existing, label);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        StopWatchdog();
        _gate.EnterWriteLock();
        foreach (var session in _openSessions)
        {
            Library.C_CloseSession(session);
        }

        Sessions?.Dispose();
        _module.Release();
        _gate.ExitWriteLock();
    }

    private void LoginAndOpenSessions(ReadOnlySpan<byte> pin)
    {
        _managementSession = OpenSession();
        var pinBytes = pin.ToArray();
        try
        {
            Interlocked.Increment(ref _loginAttempts);
            var rv = (CKR)Library.C_Login(_managementSession, CKU.CKU_USER, pinBytes, (ulong)pinBytes.Length);
            if (rv != CKR.CKR_OK && rv != CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
                throw new HsmException("C_Login", rv, $"token '{TokenLabel}'");
            }
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(pinBytes);
        }

        var sessions = new List<HsmSession>(_settings.SessionCount);
        for (var i = 0; i < _settings.SessionCount; i++)
        {
            sessions.Add(new HsmSession(OpenSession()));
        }

        Sessions = new HsmSessionPool(sessions, _settings.SessionWaitTimeout);
    }

    private ulong OpenSession()
    {
        var session = 0UL;
        var rv = (CKR)Library.C_OpenSession(Slot, CKF.CKF_SERIAL_SESSION | CKF.CKF_RW_SESSION, IntPtr.Zero, IntPtr.Zero, ref session);
        HsmException.ThrowIfFailed(rv, "C_OpenSession", $"token '{TokenLabel}'");
        _openSessions.Add(session);
        return session;
    }

    private static ulong FindSlot(Pkcs11Library library, string tokenLabel)
    {
        if (TokenSlots.FindInitialized(library, tokenLabel) is { } slot)
        {
            return slot;
        }

        var labels = new List<string>();
        foreach (var token in TokenSlots.List(library))
        {
            if (token.Initialized)
            {
                labels.Add($"'{token.Label}'");
            }
        }

        var found = labels.Count == 0 ? "no initialised tokens" : "tokens " + string.Join(", ", labels);
        throw new HsmException("C_GetTokenInfo", CKR.CKR_TOKEN_NOT_PRESENT, $"no token labelled '{tokenLabel}'; the module has {found}");
    }

    private List<ulong> FindObjects(string? label, CKO objectClass)
    {
        var template = label is null
            ? new[] { CkaUtils.CreateAttribute(CKA.CKA_CLASS, objectClass) }
            : new[] { CkaUtils.CreateAttribute(CKA.CKA_CLASS, objectClass), CkaUtils.CreateAttribute(CKA.CKA_LABEL, label) };
        var handles = new List<ulong>();
        try
        {
            HsmException.ThrowIfFailed((CKR)Library.C_FindObjectsInit(_managementSession, template, (ulong)template.Length), "C_FindObjectsInit");
            try
            {
                var batch = new ulong[32];
                while (true)
                {
                    var found = 0UL;
                    HsmException.ThrowIfFailed((CKR)Library.C_FindObjects(_managementSession, batch, (ulong)batch.Length, ref found), "C_FindObjects");
                    if (found == 0)
                    {
                        break;
                    }

                    for (var i = 0; i < (int)found; i++)
                    {
                        if (IsTokenObject(batch[i]))
                        {
                            handles.Add(batch[i]);
                        }
                    }
                }
            }
            finally
            {
                Library.C_FindObjectsFinal(_managementSession);
            }
        }
        finally
        {
            Attributes.Free(template);
        }

        return handles;
    }

    // Session-object copies made by this process are found by C_FindObjects too; they are not keys on the token.
    private bool IsTokenObject(ulong handle) =>
        Attributes.Bool(Attributes.Read(Library, _managementSession, handle, CKA.CKA_TOKEN), CKA.CKA_TOKEN) != false;

    private bool TryCopyToSession(ulong handle, out ulong copy)
    {
        copy = 0;
        var template = new[] { CkaUtils.CreateAttribute(CKA.CKA_TOKEN, false) };
        try
        {
            return (CKR)Library.C_CopyObject(_managementSession, handle, template, (ulong)template.Length, ref copy) == CKR.CKR_OK;
        }
        finally
        {
            Attributes.Free(template);
        }
    }

    /// <param name="created">Creation dates by label, read ahead for a listing; null: looked up for this key.</param>
    private KeyInfo Describe(ulong handle, Dictionary<string, DateOnly>? created = null)
    {
        var values = Attributes.Read(Library, _managementSession, handle,
            CKA.CKA_LABEL, CKA.CKA_CLASS, CKA.CKA_KEY_TYPE, CKA.CKA_TOKEN, CKA.CKA_PRIVATE, CKA.CKA_SENSITIVE,
            CKA.CKA_EXTRACTABLE, CKA.CKA_SIGN, CKA.CKA_VERIFY, CKA.CKA_ENCRYPT, CKA.CKA_DECRYPT, CKA.CKA_WRAP,
            CKA.CKA_UNWRAP, CKA.CKA_DERIVE, CKA.CKA_LOCAL, CKA.CKA_NEVER_EXTRACTABLE, CKA.CKA_START_DATE);
        var keyType = Attributes.ULong(values, CKA.CKA_KEY_TYPE);
        var info = new KeyInfo
        {
            Label = Attributes.Utf8(values, CKA.CKA_LABEL) ?? "",
            ObjectClass = (CKO)(Attributes.ULong(values, CKA.CKA_CLASS) ?? (ulong)CKO.CKO_DATA),
            Type = keyType switch
            {
                (ulong)CKK.CKK_GENERIC_SECRET or (ulong)CKK.CKK_SHA256_HMAC or (ulong)CKK.CKK_SHA384_HMAC or (ulong)CKK.CKK_SHA512_HMAC => "hmac",
                (ulong)CKK.CKK_EC => "ec-p256",
                (ulong)Pkcs11V3.CKK_EC_EDWARDS => "ed25519",
                { } other => ((CKK)other).ToString(),
                null => "unknown",
            },
            Token = Attributes.Bool(values, CKA.CKA_TOKEN),
            Private = Attributes.Bool(values, CKA.CKA_PRIVATE),
            Sensitive = Attributes.Bool(values, CKA.CKA_SENSITIVE),
            Extractable = Attributes.Bool(values, CKA.CKA_EXTRACTABLE),
            Sign = Attributes.Bool(values, CKA.CKA_SIGN),
            Verify = Attributes.Bool(values, CKA.CKA_VERIFY),
            Encrypt = Attributes.Bool(values, CKA.CKA_ENCRYPT),
            Decrypt = Attributes.Bool(values, CKA.CKA_DECRYPT),
            Wrap = Attributes.Bool(values, CKA.CKA_WRAP),
            Unwrap = Attributes.Bool(values, CKA.CKA_UNWRAP),
            Derive = Attributes.Bool(values, CKA.CKA_DERIVE),
            Local = Attributes.Bool(values, CKA.CKA_LOCAL),
            NeverExtractable = Attributes.Bool(values, CKA.CKA_NEVER_EXTRACTABLE),
            Created = ParseDate(values.GetValueOrDefault(CKA.CKA_START_DATE)) ?? Created(Attributes.Utf8(values, CKA.CKA_LABEL) ?? "", created),
            Problems = [],
        };
        return info with { Problems = KeyInfo.Check(info) };
    }

    // CK_DATE is 8 ASCII digits, YYYYMMDD; empty when unset.
    private void CreateMetadata(string label, string origin)
    {
        var template = KeyMetadata.Template(label, DateOnly.FromDateTime(Today), origin);
        try
        {
            var handle = 0UL;
            HsmException.ThrowIfFailed((CKR)Library.C_CreateObject(_managementSession, template, (ulong)template.Length, ref handle), "C_CreateObject (metadata)", label);
        }
        finally
        {
            Attributes.Free(template);
        }
    }

    private DateOnly? Created(string label, Dictionary<string, DateOnly>? created) =>
        created is null ? ReadCreated(label) : created.TryGetValue(label, out var date) ? date : null;

    /// <summary>Every key's creation date Sidecar recorded in a metadata object, by the key's label.</summary>
    private Dictionary<string, DateOnly> ReadAllCreated()
    {
        var created = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var handle in FindObjects(label: null, CKO.CKO_DATA))
        {
            var values = Attributes.Read(Library, _managementSession, handle, CKA.CKA_LABEL, CKA.CKA_APPLICATION, CKA.CKA_VALUE);
            if (Attributes.Utf8(values, CKA.CKA_APPLICATION) == KeyMetadata.Application
                && Attributes.Utf8(values, CKA.CKA_LABEL) is { } label
                && KeyMetadata.ParseCreated(values.GetValueOrDefault(CKA.CKA_VALUE)) is { } date)
            {
                created.TryAdd(label, date);
            }
        }

        return created;
    }

    private DateOnly? ReadCreated(string label)
    {
        foreach (var handle in FindObjects(label, CKO.CKO_DATA))
        {
            var values = Attributes.Read(Library, _managementSession, handle, CKA.CKA_APPLICATION, CKA.CKA_VALUE);
            if (Attributes.Utf8(values, CKA.CKA_APPLICATION) == KeyMetadata.Application)
            {
                return KeyMetadata.ParseCreated(values.GetValueOrDefault(CKA.CKA_VALUE));
            }
        }

        return null;
    }

    private static DateOnly? ParseDate(byte[]? value) =>
        value is { Length: 8 } && DateOnly.TryParseExact(System.Text.Encoding.ASCII.GetString(value), "yyyyMMdd", out var date) ? date : null;

    private static string Describe(CKO objectClass) => objectClass switch
    {
        CKO.CKO_SECRET_KEY => "secret key",
        CKO.CKO_PRIVATE_KEY => "private key",
        _ => objectClass.ToString(),
    };
}
