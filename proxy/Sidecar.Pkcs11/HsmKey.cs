using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Sidecar.Signing;

namespace Sidecar.Pkcs11;

/// <summary>
/// A key on the token, resolved to an object handle at start-up. Signing rents a pre-opened session, runs
/// C_SignInit + C_Sign through Pkcs11Interop's low-level API on reused buffers, and allocates nothing.
/// <para>
/// C_SignInit is most of a sign's time in the HSM (SoftHSM2 here: 7.2 of 9.2 µs, bench/RESULTS.md, issue #22) and
/// needs no data, so <see cref="PrepareNextSign"/> makes it ahead, on a thread-pool thread, while the request that
/// just signed waits for the exchange; the next sign finds a session prepared for this key and only calls C_Sign.
/// A session found prepared for another key has that sign ended (a C_Sign whose result is dropped) first.
/// </para>
/// </summary>
internal sealed class HsmKey : ISigningKey, IThreadPoolWorkItem
{
    private readonly HsmConnection _connection;
    private ulong _handle;
    private volatile string? _missing;
    private int _preparing;

    public HsmKey(HsmConnection connection, string label, SignatureAlgorithm algorithm, ulong handle, bool isSessionCopy)
    {
        _connection = connection;
        _handle = handle;
        Label = label;
        Algorithm = algorithm;
        IsSessionCopy = isSessionCopy;
    }

    public string Label { get; }

    public SignatureAlgorithm Algorithm { get; }

    /// <summary>True when signing uses a session-object copy made inside the HSM (faster on SoftHSM2).</summary>
    public bool IsSessionCopy { get; private set; }

    /// <summary>After a reconnect: the object handle looked up again by label.</summary>
    internal void Rebind(ulong handle, bool isSessionCopy)
    {
        _handle = handle;
        IsSessionCopy = isSessionCopy;
        _missing = null;
    }

    /// <summary>After a reconnect that no longer finds the key: its signs fail (503), the other keys' do not.</summary>
    internal void MarkMissing(string reason) => _missing = reason;

    public SignResult Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        if (Algorithm == SignatureAlgorithm.EcdsaP256Sha256)
        {
            // CKM_ECDSA signs a digest: hash here, sign the 32 bytes in the HSM.
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(data, digest);
            return new SignResult(SignRaw(digest, signature), _connection.Name);
        }

        return new SignResult(SignRaw(data, signature), _connection.Name);
    }

    private int SignRaw(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        if (_missing is { } missing)
        {
            throw new SigningKeyUnavailableException(missing);
        }

        if (!_connection.TryEnterSign(out var unavailable))
        {
            throw new SigningKeyUnavailableException($"key '{Label}': {unavailable}");
        }

        try
        {
            return SignWithSession(data, signature);
        }
        finally
        {
            _connection.ExitSign();
        }
    }

    /// <summary>
    /// Queues <see cref="PrepareNow"/> on the thread pool (at most one at a time per key), on this thread's local
    /// queue: the thread takes it up as soon as it returns to the pool, which for a request is when it starts
    /// waiting for the exchange. A hung HSM then holds a pool thread, never a request's answer.
    /// </summary>
    public void PrepareNextSign()
    {
        if (_missing is null && Interlocked.Exchange(ref _preparing, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        try
        {
            PrepareNow();
        }
        finally
        {
            Volatile.Write(ref _preparing, 0);
        }
    }

    /// <summary>
    /// Begins this key's next sign (C_SignInit) in a free session with no operation active, unless one is already
    /// prepared for it, the pool has none free, or the connection cannot sign right now. Registered in the session's
    /// slot like a sign, so the watchdog sees it hang. Never throws; a failure is reported like a sign's.
    /// </summary>
    /// <returns>True when a session was prepared.</returns>
    internal bool PrepareNow()
    {
        if (_missing is not null || !_connection.TryEnterPrepare())
        {
            return false;
        }

        try
        {
            var handle = _handle;
            var session = _connection.Sessions.TryRentToPrepare(this, handle);
            if (session is null)
            {
                return false;
            }

            CKR rv;
            session.BeginCall(_connection.Clock.GetTimestamp(), inFlight: null);
            try
            {
                rv = (CKR)_connection.Library.C_SignInit(session.Handle, ref session.Mechanism(Algorithm), handle);
            }
            finally
            {
                session.EndCall();
            }

            if (rv == CKR.CKR_OK)
            {
                session.Prepared(this, handle);
            }
            else
            {
                _connection.ReportFailure(rv);
            }

            _connection.Sessions.Return(session);
            return rv == CKR.CKR_OK;
        }
        finally
        {
            _connection.ExitSign();
        }
    }

    private int SignWithSession(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        var library = _connection.Library;
        var handle = _handle;
        var session = _connection.Sessions.Rent(this, handle);
        var inFlight = InFlightSign.Current;
        CKR rv = CKR.CKR_OK;
        string operation = "C_Sign";
        var length = (ulong)session.Signature.Length;
        var started = _connection.Clock.GetTimestamp();
        try
        {
            if (inFlight is not null && !inFlight.Arm(started))
            {
                throw new SignAbandonedException($"key '{Label}': the request was already answered");
            }

            // The slot tells the watchdog a native call is running, since when, and for which request.
            session.BeginCall(started, inFlight);
            try
            {
                var input = session.Stage(data);
                if (!session.IsPreparedFor(this, handle))
                {
                    if (session.PreparedFor is not null)
                    {
                        // Begun ahead for another key: a C_Sign ends that operation; its signature is dropped.
                        var dropped = (ulong)session.Signature.Length;
                        rv = (CKR)library.C_Sign(session.Handle, input, 0, session.Signature, ref dropped);
                        session.Unprepared();
                    }

                    if (rv == CKR.CKR_OK)
                    {
                        operation = "C_SignInit";
                        rv = (CKR)library.C_SignInit(session.Handle, ref session.Mechanism(Algorithm), handle);
                    }
                }

                // C_Sign ends the operation whatever it returns (the buffer is never too small).
                session.Unprepared();
                if (rv == CKR.CKR_OK)
                {
                    operation = "C_Sign";
                    rv = (CKR)library.C_Sign(session.Handle, input, (ulong)data.Length, session.Signature, ref length);
                }
            }
            finally
            {
                session.EndCall();
            }

            if (rv != CKR.CKR_OK)
            {
                _connection.ReportFailure(rv);
            }

            // Abandoned while inside the HSM: the request was answered 503 already; the late result is dropped here,
            // so a late signature never leaves this method.
            if (inFlight is not null && !inFlight.Disarm(started))
            {
                throw new SignAbandonedException($"key '{Label}': the HSM answered after the sign time-out; result discarded");
            }

            if (rv != CKR.CKR_OK)
            {
                throw new HsmException(operation, rv, Label);
            }

            var written = (int)length;
            session.Signature.AsSpan(0, written).CopyTo(signature);
            return written;
        }
        finally
        {
            _connection.Sessions.Return(session);
        }
    }
}
