using Net.Pkcs11Interop.Common;

namespace Sidecar.Pkcs11;

/// <summary>
/// Keeping the connection alive: sessions that die and devices that go away. Any sign failing with a session- or
/// device-level error starts one recovery at a time — wait for signs in flight, C_Finalize, C_Initialize, find the
/// token, log in again (PIN re-read from its source), reopen the sessions, look every key up again by label — with
/// capped, jittered back-off. While it runs, signs fail fast with 503. A PIN error is never retried: real HSMs
/// lock the user out after a few wrong tries.
/// </summary>
public sealed partial class HsmConnection
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private Func<byte[]>? _pinSource;
    private int _recovering;
    private volatile string? _unavailable;

    /// <summary>Why the HSM cannot sign right now (recovering, hung, or a PIN error that needs a person); null when it can.</summary>
    public string? Unavailable => _unavailable ?? _hung;

    /// <summary>C_Login calls made by this connection (start-up and reconnects); a PIN error stops them for good.</summary>
    public int LoginAttempts => Volatile.Read(ref _loginAttempts);

    private int _loginAttempts;

    /// <summary>True after a PIN error: Sidecar stays unready and never retries the login on its own.</summary>
    public bool PinRejected { get; private set; }

    /// <summary>Recoveries completed since start-up.</summary>
    public int Recoveries { get; private set; }

    /// <summary>Raised after a recovery, or when one gives up on a PIN error (for logs and alerts).</summary>
    public event Action<string>? StateChanged;

    /// <summary>
    /// Opens a connection that can recover by itself: <paramref name="pinSource"/> is asked for the PIN at start-up
    /// and on every re-login (the caller zeroes nothing: the connection zeroes what it gets).
    /// </summary>
    /// <param name="clock">The connection's clock (see <see cref="Clock"/>); the system's when null.</param>
    public static HsmConnection Open(HsmSettings settings, Func<byte[]> pinSource, TimeProvider? clock = null)
    {
        var pin = pinSource();
        try
        {
            // A wrong PIN does not fail the open: the connection stays unavailable (PinRejected) and is never retried.
            var connection = Open(settings, pin, deferPinErrors: true, clock ?? TimeProvider.System);
            connection._pinSource = pinSource;
            return connection;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(pin);
        }
    }

    /// <summary>Entered by every sign; fails fast while the connection is down or recovering.</summary>
    internal bool TryEnterSign(out string? reason)
    {
        reason = _unavailable ?? _hung;
        if (reason is not null)
        {
            return false;
        }

        if (!_gate.TryEnterReadLock(_settings.SessionWaitTimeout))
        {
            reason = "the HSM connection is being re-established";
            return false;
        }

        return true;
    }

    internal void ExitSign() => _gate.ExitReadLock();

    /// <summary>Called by a sign that failed: decides whether the failure means the connection must be rebuilt.</summary>
    internal void ReportFailure(CKR result)
    {
        if (!NeedsRecovery(result) || _pinSource is null || _disposed)
        {
            return;
        }

        if (Interlocked.Exchange(ref _recovering, 1) == 1)
        {
            return;
        }

        _unavailable = $"HSM error {result}; reconnecting";
        _ = Task.Run(RecoverAsync);
    }

    // Start-up with a PIN the token refuses: one C_Login was made and none will follow (real HSMs lock the user
    // out). The process stays up and unready with this reason, so a restart loop cannot burn the remaining tries.
    private void RejectPin(HsmException ex)
    {
        PinRejected = true;
        _unavailable = $"the HSM '{Name}' refused the PIN for token '{TokenLabel}' ({ex.Result}); not retrying — fix the PIN and restart";
    }

    internal static bool NeedsRecovery(CKR result) => result is
        CKR.CKR_SESSION_HANDLE_INVALID or CKR.CKR_SESSION_CLOSED or CKR.CKR_USER_NOT_LOGGED_IN
        or CKR.CKR_OBJECT_HANDLE_INVALID or CKR.CKR_KEY_HANDLE_INVALID
        or CKR.CKR_DEVICE_ERROR or CKR.CKR_DEVICE_REMOVED or CKR.CKR_DEVICE_MEMORY or CKR.CKR_TOKEN_NOT_PRESENT
        or CKR.CKR_TOKEN_NOT_RECOGNIZED or CKR.CKR_GENERAL_ERROR or CKR.CKR_FUNCTION_FAILED
        or CKR.CKR_CRYPTOKI_NOT_INITIALIZED;

    private async Task RecoverAsync()
    {
        var attempt = 0;
        while (!_disposed)
        {
            try
            {
                _gate.EnterWriteLock();
                try
                {
                    ReinitializeLocked();
                }
                finally
                {
                    _gate.ExitWriteLock();
                }

                Recoveries++;
                _unavailable = null;
                Volatile.Write(ref _recovering, 0);
                StateChanged?.Invoke($"HSM connection to token '{TokenLabel}' re-established after {attempt + 1} attempt(s)");
                return;
            }
            catch (HsmException ex) when (ex.IsPinError)
            {
                PinRejected = true;
                _unavailable = $"the HSM '{Name}' refused the PIN ({ex.Result}); not retrying — fix the PIN and restart";
                StateChanged?.Invoke(_unavailable);
                return;
            }
            catch (Exception ex) when (ex is HsmException or HsmKeyException or IOException or UnauthorizedAccessException)
            {
                _unavailable = $"reconnecting to the HSM: {ex.Message}";
            }

            var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, attempt++));
            await Task.Delay(TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() / 2))), Clock);
        }
    }

    private void ReinitializeLocked()
    {
        lock (_managementLock)
        {
            foreach (var session in _openSessions)
            {
                Library.C_CloseSession(session);
            }

            _openSessions.Clear();
            _module.Reinitialize();
            Slot = FindSlot(Library, TokenLabel);
            var pin = _pinSource!();
            try
            {
                var oldPool = Sessions;
                LoginAndOpenSessions(pin);
                oldPool.Dispose();
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(pin);
            }

            foreach (var key in _keys)
            {
                // A key deleted while the connection was down (an old key after a rotation) fails its own signs
                // only: failing the whole recovery for it would keep every other key from signing, for good.
                try
                {
                    var (handle, isCopy) = ResolveHandleLocked(key.Label, key.Algorithm);
                    key.Rebind(handle, isCopy);
                }
                catch (HsmKeyException ex)
                {
                    key.MarkMissing(ex.Message);
                }
            }
        }
    }
}
