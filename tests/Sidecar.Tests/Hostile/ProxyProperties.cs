using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Sidecar.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sidecar.Tests.Hostile;

/// <summary>
/// Hostile requests through the real proxy (Kestrel on loopback, SoftHSM2) to a recording upstream. For every
/// request: never a 5xx; a refusal is Kestrel's own 4xx or Sidecar's JSON error with X-Sidecar-Error, and nothing
/// reaches the upstream; an accepted request arrives exactly once, and its signature — recomputed here with an
/// independent HMAC over exactly the bytes the upstream received — is valid, and the SHA-256 of those bytes is the
/// one in the audit record. Binance (signature in the query or form body), OKX (base64 in headers), BitMEX (hex in
/// headers, expiry) and Deribit (an Authorization header with a nonce) cover the ways the schemes sign.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class ProxyProperties(SoftHsmToken token, ITestOutputHelper output)
{
    private const int Cases = 300;

    private static readonly string[] Venues = ["binance", "okx", "bitmex", "deribit"];

    internal static readonly Dictionary<string, string> Hosts = new()
    {
        ["binance"] = "api.binance.com", ["okx"] = "www.okx.com", ["bitmex"] = "www.bitmex.com", ["deribit"] = "www.deribit.com",
    };

    private static readonly string[] RealPaths = ["/api/v3/order", "/api/v3/account", "/api/v3/time", "/sapi/v1/capital/withdraw/apply", "/api/v5/trade/order", "/api/v5/account/balance", "/api/v5/public/time",
        "/api/v1/order", "/api/v1/user/wallet", "/api/v2/private/buy", "/api/v2/private/get_account_summary", "/api/v2/public/get_time"];

    private static Gen<ProxySample> Samples =>
        Gen.Elements(Venues)
            .Zip(Gen.Elements("prefix", "proxyUrl", "encoded"), (v, f) => (v, f))
            .Zip(Gen.Elements("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "BREW"), (vf, m) => (vf.v, vf.f, m))
            .Zip(Gen.Frequency((3, Gen.Elements(RealPaths)), (2, HostileGen.Path)), (r, p) => (r.v, r.f, r.m, p))
            .Zip(Gen.Frequency((2, Gen.Constant("")), (3, HostileGen.FormText)), (r, q) => (r.v, r.f, r.m, r.p, q))
            .Zip(HostileGen.Body, (r, b) => (r.v, r.f, r.m, r.p, r.q, b))
            .Zip(Gen.Elements(
                    Array.Empty<string>(),
                    ["X-MBX-APIKEY: placeholder"],
                    ["OK-ACCESS-KEY: placeholder", "OK-ACCESS-SIGN: AAAA", "OK-ACCESS-PASSPHRASE: x"],
                    ["OK-ACCESS-TIMESTAMP: 2020-01-01T00:00:00.000Z"],
                    ["X-MBX-APIKEY: a", "X-MBX-APIKEY: b"],
                    ["Host: evil.example"],
                    ["Origin: http://evil.example"]),
                (r, h) => new ProxySample(r.v, r.f, r.m, r.p, r.q, r.b, h));

    [Fact]
    public async Task Hostile_requests_are_refused_cleanly_or_signed_over_exactly_the_bytes_forwarded()
    {
        var binanceSecret = Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());
        var okxSecret = Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());
        var bitmexSecret = Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());
        var deribitSecret = Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());
        var binanceLabel = TestSecrets.Label("prop-binance");
        var okxLabel = TestSecrets.Label("prop-okx");
        var bitmexLabel = TestSecrets.Label("prop-bitmex");
        var deribitLabel = TestSecrets.Label("prop-deribit");
        var passphraseLabel = TestSecrets.Label("prop-okx-pass");
        token.ImportHmac(binanceLabel, binanceSecret);
        token.ImportHmac(okxLabel, okxSecret);
        token.ImportHmac(bitmexLabel, bitmexSecret);
        token.ImportHmac(deribitLabel, deribitSecret);
        token.ImportPassphrase(passphraseLabel, "Prop-Passphrase-1");
        await using var upstream = await RecordingUpstream.StartAsync();
        var auditDirectory = Directory.CreateTempSubdirectory("sidecar-prop-audit-").FullName;
        var auditPath = Path.Combine(auditDirectory, "audit.log");
        var binance = SidecarUnderTest.Venue("binance-hmac", upstream.BaseAddress, "binance-key-id", binanceLabel, Hosts["binance"]);
        var okx = SidecarUnderTest.VenueWithPassphrase("okx-v5", upstream.BaseAddress, "okx-key-id", okxLabel, passphraseLabel, Hosts["okx"]);
        var bitmex = SidecarUnderTest.Venue("bitmex", upstream.BaseAddress, "bitmex-key-id", bitmexLabel, Hosts["bitmex"]);
        var deribit = SidecarUnderTest.Venue("deribit", upstream.BaseAddress, "deribit-client-id", deribitLabel, Hosts["deribit"]);
        foreach (var venue in new[] { binance, okx, bitmex, deribit })
        {
            // Everything the catalogs allow and more, so that hostile requests reach the signer; withdrawals stay refused.
            venue["Policy"] = new JsonObject { ["Profile"] = "none", ["Allow"] = new JsonArray("* /**"), ["RequestsPerSecond"] = 0, ["OrdersPer10Seconds"] = 0 };
        }

        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = binance, ["okx"] = okx, ["bitmex"] = bitmex, ["deribit"] = deribit });
        config["Audit"] = new JsonObject { ["Path"] = auditPath };
        try
        {
            await using var sidecar = await SidecarUnderTest.StartAsync(config);
            var seed = PropertySeed.Choose(output);
            var signed = 0;
            var refused = 0;
            var audit = new AuditCursor(auditPath);
            for (var i = 0; i < Cases; i++)
            {
                var sample = Samples.Sample(1 + (i % 50), new Rnd(seed + (ulong)i), 1)[0];
                var before = upstream.Count;
                var response = RawResponse.Parse(await RawHttp.SendBytesAsync(sidecar.ProxyAddress, sample.ToRequest()));
                var failure = response.Header("X-Sidecar-Error") is null && response.Status is >= 200 and < 300
                    ? await CheckForwardedAsync(sidecar, upstream, before, sample, response, audit, new Secrets(binanceSecret, okxSecret, bitmexSecret, deribitSecret))
                    : CheckRefused(upstream, before, response);
                if (failure is not null)
                {
                    Assert.Fail($"case {i} (seed {seed}; replay with {PropertySeed.Variable}={seed}): {failure}\nrequest: {sample}\nresponse: {HostileGen.Show(response.Text)}");
                }

                if (upstream.Count > before)
                {
                    signed++;
                }
                else
                {
                    refused++;
                }
            }

            await sidecar.FlushAuditAsync();
            var signedByVenue = File.ReadLines(auditPath)
                .Select(line => JsonDocument.Parse(line).RootElement)
                .Where(record => record.GetProperty("decision").GetString() == "signed")
                .GroupBy(record => record.GetProperty("venue").GetString()!)
                .ToDictionary(g => g.Key, g => g.Count());
            output.WriteLine($"{Cases} cases: {signed} forwarded, {refused} refused; signed by venue: {string.Join(", ", signedByVenue.Select(p => $"{p.Key} {p.Value}"))}");
            Assert.All(Venues, venue => Assert.True(signedByVenue.GetValueOrDefault(venue) > 0, $"no request to {venue} was signed"));
            Assert.True(signed >= Cases / 10, $"only {signed} of {Cases} cases got through: the generators no longer reach the signer");
            Assert.True(refused >= Cases / 10, $"only {refused} of {Cases} cases were refused: the generators are not hostile");
        }
        finally
        {
            Directory.Delete(auditDirectory, recursive: true);
        }
    }

    /// <summary>
    /// Finds each forwarded request's own intent record (written before the request left; its answered record,
    /// written after the exchange's answer went to the bot, may still be on its way, and is skipped).
    /// </summary>
    private sealed class AuditCursor(string path)
    {
        private long _seq;

        public async Task<JsonDocument> NextForwardedAsync(SidecarUnderTest sidecar) =>
            (await Eventually.UntilAsync(() => TryNextForwardedAsync(sidecar), record => record is not null, "the forwarded request's audit record"))!;

        private async Task<JsonDocument?> TryNextForwardedAsync(SidecarUnderTest sidecar)
        {
            await sidecar.FlushAuditAsync();
            foreach (var line in File.ReadLines(path))
            {
                var record = JsonDocument.Parse(line);
                var seq = record.RootElement.GetProperty("seq").GetInt64();
                if (seq > _seq && record.RootElement.GetProperty("decision").GetString() is not ("refused" or "answered"))
                {
                    _seq = seq;
                    return record;
                }

                record.Dispose();
            }

            return null;
        }
    }

    private static string? CheckRefused(RecordingUpstream upstream, int before, RawResponse response)
    {
        if (upstream.Count != before)
        {
            return "refused, yet the upstream received it";
        }

        if (response.Closed)
        {
            return null; // Kestrel closed a malformed request
        }

        if (response.Status >= 500)
        {
            return $"answered {response.Status}";
        }

        var code = response.Header("X-Sidecar-Error");
        if (code is null)
        {
            // Kestrel's own refusals of malformed HTTP (bad request line, header or body framing): no body.
            return response.Status is 400 or 413 or 414 or 431 ? null : $"{response.Status} without X-Sidecar-Error";
        }

        try
        {
            using var json = JsonDocument.Parse(response.Body);
            var error = json.RootElement.GetProperty("error");
            return error.GetProperty("code").GetString() == code && error.GetProperty("message").GetString()!.Length > 0
                ? null
                : "the JSON error does not match X-Sidecar-Error";
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "the refusal is not a JSON error: " + ex.Message;
        }
    }

    private static async Task<string?> CheckForwardedAsync(SidecarUnderTest sidecar, RecordingUpstream upstream, int before, ProxySample sample,
        RawResponse response, AuditCursor audit, Secrets secrets)
    {
        if (response.Status != 200 || upstream.Count != before + 1)
        {
            return $"answered {response.Status} without X-Sidecar-Error, and the upstream received {upstream.Count - before} requests";
        }

        var received = upstream.Requests[^1];
        using var record = await audit.NextForwardedAsync(sidecar);
        var decision = record.RootElement.GetProperty("decision").GetString();
        var auditDigest = record.RootElement.TryGetProperty("signedSha256", out var digest) ? digest.GetString() : null;
        string? problem;
        var signedBytes = sample.Venue switch
        {
            "binance" => BinanceTotalParams(received, secrets.Binance, out problem),
            "okx" => OkxPrehash(received, secrets.Okx, out problem),
            "bitmex" => BitmexPrehash(received, secrets.Bitmex, out problem),
            _ => DeribitPrehash(received, secrets.Deribit, out problem),
        };
        if (problem is not null)
        {
            return problem;
        }

        if (signedBytes is null)
        {
            // Not signed: public data, passed through. The audit says so, and no credentials went with it.
            var credential = sample.Venue switch
            {
                "binance" => received.Header("X-MBX-APIKEY"),
                "okx" => received.Header("OK-ACCESS-KEY") ?? received.Header("OK-ACCESS-SIGN"),
                "bitmex" => received.Header("api-key") ?? received.Header("api-signature"),
                _ => received.Header("Authorization"),
            };
            return decision == "forwarded" && auditDigest is null && credential is null
                ? null
                : $"forwarded without a signature, but the audit says {decision} ({auditDigest})";
        }

        var expected = Convert.ToHexStringLower(SHA256.HashData(signedBytes));
        return decision == "signed" && auditDigest == expected
            ? null
            : $"the audit record ({decision}, {auditDigest}) is not the SHA-256 of the bytes the upstream received ({expected})";
    }

    /// <summary>
    /// Binance's totalParams as received (query then body, the <c>signature</c> parameter removed, which must end
    /// its part), after checking <c>signature</c> = hex HMAC-SHA256 over it. Null when nothing was signed.
    /// </summary>
    private static byte[]? BinanceTotalParams(RecordingUpstream.Received received, byte[] secret, out string? problem)
    {
        problem = null;
        var query = Encoding.Latin1.GetBytes(received.Query);
        var inQuery = SplitSignature(query, out var queryRest);
        var inBody = SplitSignature(received.Body, out var bodyRest);
        if (inQuery is null && inBody is null)
        {
            return null;
        }

        if (inQuery is not null && inBody is not null)
        {
            problem = "signature in both the query and the body";
            return null;
        }

        byte[] total = [.. inQuery is null ? query : queryRest, .. inBody is null ? received.Body : bodyRest];
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(secret, total));
        if ((inQuery ?? inBody) != expected)
        {
            return Fail(out problem, $"signature {inQuery ?? inBody} does not match HMAC-SHA256 over the received totalParams ({expected})");
        }

        return received.Header("X-MBX-APIKEY") == "binance-key-id" ? total : Fail(out problem, "signed without the venue's API key");
    }

    private static string? SplitSignature(byte[] part, out byte[] rest)
    {
        var text = Encoding.Latin1.GetString(part);
        var at = text.LastIndexOf("signature=", StringComparison.Ordinal);
        if (at < 0 || (at > 0 && text[at - 1] != '&') || text.IndexOf('&', at) >= 0)
        {
            rest = part;
            return null;
        }

        rest = part[..Math.Max(0, at - 1)];
        return text[(at + "signature=".Length)..];
    }

    /// <summary>OKX's prehash as received (timestamp + METHOD + path?query + body), after checking OK-ACCESS-SIGN over it.</summary>
    private static byte[]? OkxPrehash(RecordingUpstream.Received received, byte[] secret, out string? problem)
    {
        problem = null;
        var sign = received.Header("OK-ACCESS-SIGN");
        if (sign is null)
        {
            return null;
        }

        var timestamp = received.Header("OK-ACCESS-TIMESTAMP") ?? "";
        var requestPath = received.Query.Length == 0 ? received.Path : received.Path + "?" + received.Query;
        byte[] prehash = [.. Encoding.Latin1.GetBytes(timestamp + received.Method + requestPath), .. received.Body];
        var expected = Convert.ToBase64String(HMACSHA256.HashData(secret, prehash));
        if (sign != expected)
        {
            problem = $"OK-ACCESS-SIGN {sign} does not match HMAC-SHA256 over the received request ({expected})";
        }
        else if (received.Header("OK-ACCESS-KEY") != "okx-key-id" || received.Header("OK-ACCESS-PASSPHRASE") != "Prop-Passphrase-1")
        {
            problem = "signed without the venue's API key or passphrase";
        }

        return prehash;
    }

    /// <summary>BitMEX's prehash as received (VERB + path?query + expires + body), after checking api-signature (hex) over it.</summary>
    private static byte[]? BitmexPrehash(RecordingUpstream.Received received, byte[] secret, out string? problem)
    {
        problem = null;
        var sign = received.Header("api-signature");
        if (sign is null)
        {
            return null;
        }

        var requestPath = received.Query.Length == 0 ? received.Path : received.Path + "?" + received.Query;
        byte[] prehash = [.. Encoding.Latin1.GetBytes(received.Method + requestPath + received.Header("api-expires")), .. received.Body];
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(secret, prehash));
        if (sign != expected || received.Header("api-key") != "bitmex-key-id")
        {
            return Fail(out problem, $"api-signature {sign} (key {received.Header("api-key")}) does not match HMAC-SHA256 over the received request ({expected})");
        }

        return prehash;
    }

    /// <summary>
    /// Deribit's string to sign as received (ts \n nonce \n METHOD \n path?query \n body \n), after checking the
    /// Authorization header's sig (hex) over it.
    /// </summary>
    private static byte[]? DeribitPrehash(RecordingUpstream.Received received, byte[] secret, out string? problem)
    {
        problem = null;
        var authorization = received.Header("Authorization");
        if (authorization is null)
        {
            return null;
        }

        var fields = FakeExchange.Deribit.DeribitSignature.ParseAuthorization(authorization);
        if (fields is null || !fields.TryGetValue("sig", out var sign) || !fields.TryGetValue("ts", out var ts) || !fields.TryGetValue("nonce", out var nonce))
        {
            return Fail(out problem, $"the Authorization header is not Deribit's: {authorization}");
        }

        var uri = received.Query.Length == 0 ? received.Path : received.Path + "?" + received.Query;
        byte[] prehash = [.. Encoding.Latin1.GetBytes($"{ts}\n{nonce}\n{received.Method}\n{uri}\n"), .. received.Body, (byte)'\n'];
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(secret, prehash));
        if (sign != expected || fields.GetValueOrDefault("id") != "deribit-client-id")
        {
            return Fail(out problem, $"sig {sign} (id {fields.GetValueOrDefault("id")}) does not match HMAC-SHA256 over the received request ({expected})");
        }

        return prehash;
    }

    private sealed record Secrets(byte[] Binance, byte[] Okx, byte[] Bitmex, byte[] Deribit);

    private static byte[]? Fail(out string? problem, string message)
    {
        problem = message;
        return null;
    }
}

/// <summary>One hostile request for the proxy.</summary>
public sealed record ProxySample(string Venue, string Form, string Method, string Path, string Query, HostileBody Body, string[] Headers)
{
    public string Target
    {
        get
        {
            var host = ProxyProperties.Hosts[Venue];
            var suffix = Path + (Query.Length > 0 ? "?" + Query : "");
            return Form switch
            {
                "prefix" => "/" + Venue + suffix,
                "proxyUrl" => "/https://" + host + suffix,
                _ => "/" + HostileGen.EncodeUriComponent("https://" + host + suffix),
            };
        }
    }

    public byte[] ToRequest()
    {
        var head = new StringBuilder($"{Method} {Target} HTTP/1.1\r\n");
        if (!Headers.Any(h => h.StartsWith("Host:", StringComparison.Ordinal)))
        {
            head.Append("Host: 127.0.0.1\r\n");
        }

        foreach (var header in Headers)
        {
            head.Append(header).Append("\r\n");
        }

        if (Body.ContentType is not null)
        {
            head.Append("Content-Type: ").Append(Body.ContentType).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(Body.Bytes.Length).Append("\r\nConnection: close\r\n\r\n");
        return [.. Encoding.UTF8.GetBytes(head.ToString()), .. Body.Bytes];
    }

    public override string ToString() => $"{Method} {HostileGen.Show(Target)} [{string.Join(" | ", Headers)}] {Body}";
}
