using BenchmarkDotNet.Attributes;
using Sidecar.Signing;
using Sidecar.Signing.Nonces;

namespace Sidecar.Benchmarks;

/// <summary>
/// The managed part of every scheme's signing step — parameter handling, prehash, encoding, headers — with a key
/// that returns a fixed signature, so the numbers are the scheme's own work and its allocations (the HSM's share is
/// measured by <see cref="SigningBenchmarks"/> and <see cref="RawPkcs11Benchmarks"/>). One realistic order request
/// per exchange; setup checks that each is signed, not passed through.
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

        _request = Request.For(Scheme);
        _credentials = new VenueCredentials(
            Scheme == "coinbase-advanced" ? "organizations/org-id/apiKeys/key-id" : "api-key-id",
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

    private sealed record Request(string Method, byte[] Path, byte[] Query, byte[] Body, BodyFormat Format, string Host)
    {
        public static Request For(string scheme) => scheme switch
        {
            "binance-hmac" or "binance-ed25519" => Form("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=65000.5&recvWindow=5000", "api.binance.com"),
            "bybit-v5" => Json("POST", "/v5/order/create", """{"category":"spot","symbol":"BTCUSDT","side":"Buy","orderType":"Limit","qty":"0.01","price":"65000"}""", "api.bybit.com"),
            "okx-v5" => Json("POST", "/api/v5/trade/order", """{"instId":"BTC-USDT","tdMode":"cash","side":"buy","ordType":"limit","sz":"0.01","px":"65000"}""", "www.okx.com"),
            "kucoin" => Json("POST", "/api/v1/orders", """{"clientOid":"x-1","side":"buy","symbol":"BTC-USDT","type":"limit","price":"65000","size":"0.01"}""", "api.kucoin.com"),
            "kraken" => Form("POST", "/0/private/AddOrder", "ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25", "api.kraken.com"),
            "bitfinex-v2" => Json("POST", "/v2/auth/w/order/submit", """{"type":"EXCHANGE LIMIT","symbol":"tBTCUSD","price":"65000","amount":"0.01"}""", "api.bitfinex.com"),
            "gate-v4" => Json("POST", "/api/v4/spot/orders", """{"currency_pair":"BTC_USDT","side":"buy","amount":"0.01","price":"65000"}""", "api.gateio.ws"),
            "coinbase-exchange" => Json("POST", "/orders", """{"product_id":"BTC-USD","side":"buy","price":"65000","size":"0.01"}""", "api.exchange.coinbase.com"),
            "coinbase-advanced" => Json("POST", "/api/v3/brokerage/orders", """{"client_order_id":"x-1","product_id":"BTC-USD","side":"BUY","order_configuration":{"limit_limit_gtc":{"base_size":"0.01","limit_price":"65000"}}}""", "api.coinbase.com"),
            "deribit" => new("GET", "/api/v2/private/buy"u8.ToArray(), "instrument_name=BTC-PERPETUAL&amount=10&type=limit&price=65000"u8.ToArray(), [], BodyFormat.None, "www.deribit.com"),
            "bitmex" => Json("POST", "/api/v1/order", """{"symbol":"XBTUSD","price":65000,"orderQty":10}""", "www.bitmex.com"),
            _ => throw new InvalidOperationException($"no benchmark request for scheme {scheme}"),
        };

        private static Request Form(string method, string path, string body, string host) =>
            new(method, System.Text.Encoding.ASCII.GetBytes(path), [], System.Text.Encoding.ASCII.GetBytes(body), BodyFormat.Form, host);

        private static Request Json(string method, string path, string body, string host) =>
            new(method, System.Text.Encoding.ASCII.GetBytes(path), [], System.Text.Encoding.UTF8.GetBytes(body), BodyFormat.Json, host);
    }

    /// <summary>A key that "signs" by writing a fixed value of the algorithm's length: only the scheme's work is measured.</summary>
    private sealed class FixedSignatureKey(SignatureAlgorithm algorithm) : ISigningKey
    {
        public string Label => "fixed";

        public SignatureAlgorithm Algorithm => algorithm;

        public int Sign(ReadOnlySpan<byte> data, Span<byte> signature)
        {
            var length = SignatureAlgorithmFacts.SignatureLength(algorithm);
            signature[..length].Fill(0x5A);
            return length;
        }
    }
}
