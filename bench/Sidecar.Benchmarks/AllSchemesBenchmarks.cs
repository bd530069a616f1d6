using BenchmarkDotNet.Attributes;
using Sidecar.Signing;
using Sidecar.Signing.Nonces;

namespace Sidecar.Benchmarks;

/// <summary>
/// The managed part of every scheme's signing step — parameter handling, prehash, encoding, headers — with a key
/// that returns a fixed signature, so the numbers are the scheme's own work and its allocations (the HSM's share is
/// measured by <see cref="SigningBenchmarks"/> and <see cref="RawPkcs11Benchmarks"/>). Each exchange's own sample
/// order (its folder's <see cref="Exchange.SampleOrder"/>); setup checks that each is signed, not passed through.
/// </summary>
[MemoryDiagnoser]
public class AllSchemesBenchmarks
{
    private SigningScheme _scheme = null!;
    private VenueCredentials _credentials = null!;
    private SignedRequest _output = null!;
    private Request _request = null!;
    private long _now = 1_700_000_000_000;

    public static IEnumerable<string> Schemes => SigningSchemes.Names;

    [ParamsSource(nameof(Schemes))]
    public string Scheme { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        if (!SigningSchemes.TryGet(Scheme, out _scheme))
        {
            throw new InvalidOperationException($"unknown scheme {Scheme}");
        }

        _request = Request.Of(_scheme.Exchange.SampleOrder);
        _credentials = new VenueCredentials(
            _request.ApiKey,
            new FixedSignatureKey(_scheme.Algorithm),
            _scheme.RequiresPassphrase ? "passphrase" : null,
            _scheme.UsesNonces ? new NonceCounter(null, leaseSpan: long.MaxValue / 4) : null);
        _scheme.Prepare(_credentials);
        _output = new SignedRequest();
        if (SignOnce() != SignOutcome.Signed)
        {
            throw new InvalidOperationException($"{Scheme}: the benchmark request was not signed ({_output.Error})");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    [Benchmark]
    public SignOutcome SignStep() => SignOnce();

    private SignOutcome SignOnce()
    {
        var input = new SigningInput
        {
            Method = _request.Method,
            Path = _request.Path,
            Query = _request.Query,
            Body = _request.Body,
            BodyFormat = _request.Format,
            Host = _request.Host,
            UnixTimeMilliseconds = _now++,
        };
        return _scheme.Sign(input, _credentials, _output);
    }

    /// <summary>The exchange's own sample order (<see cref="Exchange.SampleOrder"/>), as bytes.</summary>
    private sealed record Request(string Method, byte[] Path, byte[] Query, byte[] Body, BodyFormat Format, string Host, string ApiKey)
    {
        public static Request Of(SampleRequest sample) => new(sample.Method, System.Text.Encoding.ASCII.GetBytes(sample.Path),
            System.Text.Encoding.ASCII.GetBytes(sample.Query), System.Text.Encoding.UTF8.GetBytes(sample.Body), sample.Format, sample.Host, sample.ApiKey);
    }

    /// <summary>A key that "signs" by writing a fixed value of the algorithm's length: only the scheme's work is measured.</summary>
    internal sealed class FixedSignatureKey(SignatureAlgorithm algorithm) : ISigningKey
    {
        public string Label => "fixed";

        public SignatureAlgorithm Algorithm => algorithm;

        public SignResult Sign(ReadOnlySpan<byte> data, Span<byte> signature)
        {
            var length = SignatureAlgorithmFacts.SignatureLength(algorithm);
            signature[..length].Fill(0x5A);
            return new SignResult(length, "fixed");
        }
    }
}
