using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Sidecar.Signing;

namespace Sidecar.Benchmarks;

/// <summary>
/// The full binance-hmac signing step, as the proxy runs it per request: SigningScheme.Sign(input, credentials,
/// reused SignedRequest) — classify the path, copy query/body without "signature", append timestamp, build the
/// prehash, SHA-256 it for the audit record, sign it with the key, hex-encode, append signature — for a POST
/// /api/v3/order form body. Plus ISigningKey.Sign alone on the two HSM keys, to split scheme cost from HSM cost.
/// </summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private readonly byte[] _signature = new byte[SignatureAlgorithmFacts.MaxSignatureBytes];
    private SigningScheme _scheme = null!;
    private SignedRequest _output = null!;
    private VenueCredentials _inProcess = null!;
    private VenueCredentials _sessionObject = null!;
    private VenueCredentials _tokenObject = null!;
    private ISigningKey _sessionObjectKey = null!;
    private ISigningKey _tokenObjectKey = null!;
    private byte[] _path = null!;
    private byte[] _body = null!;
    private byte[] _prehash = null!;

    [GlobalSetup]
    public void Setup()
    {
        var hsm = BenchHsm.Shared;
        if (!SigningSchemes.TryGet(Signing.Binance.BinanceHmacScheme.SchemeName, out _scheme))
        {
            throw new InvalidOperationException(Signing.Binance.BinanceHmacScheme.SchemeName + " scheme not registered");
        }

        _path = BinanceOrder.Path();
        _body = BinanceOrder.Body();
        _sessionObjectKey = hsm.SessionObjectKey;
        _tokenObjectKey = hsm.TokenObjectKey;
        _inProcess = new VenueCredentials(hsm.ApiKey, hsm.InProcessKey);
        _sessionObject = new VenueCredentials(hsm.ApiKey, _sessionObjectKey);
        _tokenObject = new VenueCredentials(hsm.ApiKey, _tokenObjectKey);
        _output = new SignedRequest();

        // Warm the reused buffers and check that all three keys produce the identical signed body (same secret,
        // same prehash), so the benchmarks compare like with like. Nothing is printed.
        var expected = SignedBody(_inProcess);
        _prehash = _output.Prehash.WrittenSpan.ToArray();
        foreach (var credentials in (VenueCredentials[])[_sessionObject, _tokenObject])
        {
            if (!CryptographicOperations.FixedTimeEquals(SignedBody(credentials), expected))
            {
                throw new InvalidOperationException($"{credentials.Key.Label}: HSM signature differs from the in-process HMAC");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    [Benchmark(Baseline = true, Description = "SignStep in-process HMACSHA256")]
    public SignOutcome SignStepInProcess() => Sign(_inProcess);

    [Benchmark(Description = "SignStep HSM session object")]
    public SignOutcome SignStepHsmSessionObject() => Sign(_sessionObject);

    [Benchmark(Description = "SignStep HSM token object")]
    public SignOutcome SignStepHsmTokenObject() => Sign(_tokenObject);

    [Benchmark(Description = "ISigningKey.Sign HSM session object")]
    public int KeySignHsmSessionObject() => _sessionObjectKey.Sign(_prehash, _signature).Length;

    [Benchmark(Description = "ISigningKey.Sign HSM token object")]
    public int KeySignHsmTokenObject() => _tokenObjectKey.Sign(_prehash, _signature).Length;

    private SignOutcome Sign(VenueCredentials credentials)
    {
        var input = new SigningInput
        {
            Method = BinanceOrder.Method,
            Path = _path,
            Body = _body,
            BodyFormat = BodyFormat.Form,
            UnixTimeMilliseconds = BinanceOrder.UnixTimeMilliseconds,
        };
        return _scheme.Sign(input, credentials, _output);
    }

    private byte[] SignedBody(VenueCredentials credentials)
    {
        var outcome = Sign(credentials);
        if (outcome != SignOutcome.Signed)
        {
            throw new InvalidOperationException($"binance-hmac returned {outcome} for POST /api/v3/order: {_output.Error}");
        }

        return _output.Body.WrittenSpan.ToArray();
    }
}
