using BenchmarkDotNet.Attributes;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;
using Sidecar.Signing;

namespace Sidecar.Benchmarks;

/// <summary>
/// The reference "raw loop": Pkcs11Interop LowLevelAPI80 C_SignInit + C_Sign (CKM_SHA256_HMAC) and nothing else —
/// preallocated message and signature buffers, a preallocated CK_MECHANISM, one session — on the very same key
/// object handles the HSM keys in <see cref="SigningBenchmarks"/> use.
/// How it gets them: the Pkcs11Library and slot come from HsmConnection's internals (InternalsVisibleTo); the
/// object handles are read from HsmKey's private <c>_handle</c> field by reflection in [GlobalSetup] only; the
/// session is this class's own, opened with C_OpenSession on the connection's slot (it shares the application's
/// login, so it sees the private token object and the session-object copy) and closed in [GlobalCleanup].
/// The message is the exact prehash binance-hmac signs for the benchmark order (same length as the sign step).
/// </summary>
[MemoryDiagnoser]
public class RawPkcs11Benchmarks
{
    private readonly byte[] _signature = new byte[SignatureAlgorithmFacts.MaxSignatureBytes];
    private Pkcs11Library _library = null!;
    private ulong _session;
    private CK_MECHANISM _mechanism;
    private ulong _sessionObjectHandle;
    private ulong _tokenObjectHandle;
    private byte[] _message = null!;
    private ulong _messageLength;

    [GlobalSetup]
    public void Setup()
    {
        var hsm = BenchHsm.Shared;
        var connection = hsm.SessionObjectConnection;
        _library = connection.Library;
        _sessionObjectHandle = BenchHsm.HandleOf(hsm.SessionObjectKey);
        _tokenObjectHandle = BenchHsm.HandleOf(hsm.TokenObjectKey);
        _mechanism = CkmUtils.CreateMechanism(CKM.CKM_SHA256_HMAC);

        var session = 0UL;
        var rv = _library.C_OpenSession(connection.Slot, CKF.CKF_SERIAL_SESSION, IntPtr.Zero, IntPtr.Zero, ref session);
        if (rv != CKR.CKR_OK)
        {
            throw new InvalidOperationException($"C_OpenSession failed: {rv}");
        }

        _session = session;
        _message = BuildMessage(hsm);
        _messageLength = (ulong)_message.Length;

        // The raw loop must produce the same MAC as the in-process HMAC, or it is measuring a failure path.
        Span<byte> expected = stackalloc byte[32];
        hsm.InProcessKey.Sign(_message, expected);
        foreach (var handle in (ReadOnlySpan<ulong>)[_sessionObjectHandle, _tokenObjectHandle])
        {
            if (SignRaw(handle) != 32 || !expected.SequenceEqual(_signature.AsSpan(0, 32)))
            {
                throw new InvalidOperationException("raw C_Sign result differs from the in-process HMAC");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _library.C_CloseSession(_session); // the mechanism has no parameter: nothing to free

    [Benchmark(Description = "Raw C_SignInit+C_Sign session object")]
    public ulong RawSessionObject() => SignRaw(_sessionObjectHandle);

    [Benchmark(Description = "Raw C_SignInit+C_Sign token object")]
    public ulong RawTokenObject() => SignRaw(_tokenObjectHandle);

    private ulong SignRaw(ulong key)
    {
        var rv = _library.C_SignInit(_session, ref _mechanism, key);
        if (rv != CKR.CKR_OK)
        {
            throw new InvalidOperationException($"C_SignInit failed: {rv}");
        }

        var length = (ulong)_signature.Length;
        rv = _library.C_Sign(_session, _message, _messageLength, _signature, ref length);
        if (rv != CKR.CKR_OK)
        {
            throw new InvalidOperationException($"C_Sign failed: {rv}");
        }

        return length;
    }

    private static byte[] BuildMessage(BenchHsm hsm)
    {
        if (!SigningSchemes.TryGet(Signing.Binance.BinanceHmacScheme.SchemeName, out var scheme))
        {
            throw new InvalidOperationException(Signing.Binance.BinanceHmacScheme.SchemeName + " scheme not registered");
        }

        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = BinanceOrder.Method,
            Path = BinanceOrder.Path(),
            Body = BinanceOrder.Body(),
            BodyFormat = BodyFormat.Form,
            UnixTimeMilliseconds = BinanceOrder.UnixTimeMilliseconds,
        };
        scheme.Sign(input, new VenueCredentials(hsm.ApiKey, hsm.InProcessKey), output);
        return output.Prehash.WrittenSpan.ToArray();
    }
}
