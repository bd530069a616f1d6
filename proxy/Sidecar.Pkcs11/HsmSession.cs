using Net.Pkcs11Interop.LowLevelAPI80;
using Sidecar.Signing;

namespace Sidecar.Pkcs11;

/// <summary>
/// One open PKCS#11 session with the buffers its sign calls use. PKCS#11 allows one operation at a time per
/// session, so a session is only ever used by the caller that rented it from <see cref="HsmSessionPool"/>.
/// </summary>
internal sealed class HsmSession
{
    // CK_MECHANISM for each algorithm, held in fields because C_SignInit takes it by reference.
    private readonly CK_MECHANISM[] _mechanisms;
    private byte[] _data = new byte[4096];

    public HsmSession(ulong handle)
    {
        Handle = handle;
        var algorithms = Enum.GetValues<SignatureAlgorithm>();
        _mechanisms = new CK_MECHANISM[algorithms.Length];
        foreach (var algorithm in algorithms)
        {
            _mechanisms[(int)algorithm] = CkmUtils.CreateMechanism(Mechanisms.For(algorithm));
        }
    }

    public ulong Handle { get; }

    /// <summary>Timestamp (the connection's clock) at which the running native sign started; 0 when none runs (read by the watchdog).</summary>
    public long SignStarted => Volatile.Read(ref _signStarted);

    /// <summary>The caller's registration of the running sign, for the watchdog to abandon; null when none.</summary>
    public InFlightSign? InFlight => Volatile.Read(ref _inFlight);

    private long _signStarted;
    private InFlightSign? _inFlight;

    /// <summary>Records the start of a native sign in this session's slot.</summary>
    public void BeginCall(long started, InFlightSign? inFlight)
    {
        Volatile.Write(ref _inFlight, inFlight);
        Volatile.Write(ref _signStarted, started);
    }

    /// <summary>Clears the slot when the native sign returned.</summary>
    public void EndCall()
    {
        Volatile.Write(ref _signStarted, 0);
        Volatile.Write(ref _inFlight, null);
    }

    public byte[] Signature { get; } = new byte[SignatureAlgorithmFacts.MaxSignatureBytes * 2];

    public ref CK_MECHANISM Mechanism(SignatureAlgorithm algorithm) => ref _mechanisms[(int)algorithm];

    /// <summary>Copies <paramref name="data"/> into this session's input buffer (grown once, then reused).</summary>
    public byte[] Stage(ReadOnlySpan<byte> data)
    {
        if (data.Length > _data.Length)
        {
            _data = new byte[Math.Max(data.Length, _data.Length * 2)];
        }

        data.CopyTo(_data);
        return _data;
    }
}
