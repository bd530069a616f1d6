using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Sidecar.Signing;

namespace Sidecar.Pkcs11;

/// <summary>
/// A key on the token, resolved to an object handle at start-up. Signing rents a pre-opened session, runs
/// C_SignInit + C_Sign through Pkcs11Interop's low-level API on reused buffers, and allocates nothing.
/// </summary>
internal sealed class HsmKey : ISigningKey
{
    private readonly HsmConnection _connection;
    private ulong _handle;
    private volatile string? _missing;

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

    private int SignWithSession(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        var library = _connection.Library;
        var session = _connection.Sessions.Rent();
        var inFlight = InFlightSign.Current;
        CKR rv;
        string operation;
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
                operation = "C_SignInit";
                rv = (CKR)library.C_SignInit(session.Handle, ref session.Mechanism(Algorithm), _handle);
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
