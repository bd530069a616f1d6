using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sidecar.Signing;
using Sidecar.Signing.Nonces;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Hostile;

/// <summary>
/// Every signing scheme, over hostile requests: classifying, reading orders and signing never throw anything but
/// the documented <see cref="FormatException"/> from <see cref="Sidecar.Signing.Policy.ExchangeEndpoint.ReadOrders"/>; a refusal carries a
/// message; a signed request carries the scheme's headers and a digest of the bytes signed.
/// </summary>
public sealed class SchemeProperties
{
    private const int Cases = 300;

    public static IEnumerable<object[]> SchemeNames() => SigningSchemes.Names.Select(n => new object[] { n });

    public static Arbitrary<SchemeRequest> Requests() =>
        Gen.Elements(HostileGen.Methods)
            .Zip(HostileGen.Path, (m, p) => (m, p))
            .Zip(HostileGen.FormText, (mp, q) => (mp.m, mp.p, q))
            .Zip(HostileGen.Body, (mpq, b) => (mpq.m, mpq.p, mpq.q, b))
            .Zip(Gen.ArrayOf(Gen.OneOf(Gen.Constant<string?>(null), HostileGen.Value.Select(v => (string?)v),
                    Gen.Elements<string?>("1700000000000", "2026-01-01T00:00:00.000Z", "99999999999999999999", "-1", "Bearer x"))),
                (r, h) => new SchemeRequest(r.m, r.p.Length == 0 ? "/" : r.p, r.q, r.b, h))
            .ToArbitrary();

    /// <summary>
    /// Every scheme of every registered exchange has rows in each conformance table (its declaration, known answers, 0 B per
    /// signature, catalog, accepted formats, order reads), and the tables name no scheme the registry lacks: a new venue, or a new
    /// scheme of one, cannot ship without them.
    /// </summary>
    [Fact]
    public void Every_scheme_is_covered()
    {
        var missing = new List<string>();
        var registered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var exchange in Exchanges.All)
        {
            foreach (var scheme in exchange.Schemes)
            {
                registered.Add(scheme.Name);
                var rows = SigningConformanceTables.All.FirstOrDefault(t => t.Scheme == scheme.Name);
                if (rows is null)
                {
                    missing.Add($"{exchange.Name} {scheme.Name}: no conformance rows (SigningConformanceTables)");
                    continue;
                }

                foreach (var (kind, count) in new[]
                {
                    ("declaration", rows.Declares is null ? 0 : 1),
                    ("known-answer", rows.KnownAnswers.Count),
                    ("allocation", rows.Allocation.Count),
                    ("catalog", rows.Catalog.Count),
                    ("accepted-format", rows.AcceptedFormats.Count),
                    ("order-read", rows.OrderReads.Count),
                })
                {
                    if (count == 0)
                    {
                        missing.Add($"{exchange.Name} {scheme.Name}: no {kind} rows");
                    }
                }
            }
        }

        foreach (var rows in SigningConformanceTables.All)
        {
            if (!registered.Contains(rows.Scheme))
            {
                missing.Add($"{rows.Scheme}: conformance rows for a scheme no exchange registers");
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
        Assert.Equal(SigningConformanceTables.All.Count, registered.Count);
    }

    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(SchemeProperties) })]
    public Property Every_scheme_signs_or_refuses_any_request_without_throwing(SchemeRequest request)
    {
        foreach (var name in SigningSchemes.Names)
        {
            var failure = SignOnce(name, request);
            if (failure is not null)
            {
                return false.Label($"{name}: {failure}");
            }
        }

        return true.ToProperty();
    }

    private static string? SignOnce(string name, SchemeRequest request)
    {
        Assert.True(SigningSchemes.TryGet(name, out var scheme));
        var credentials = Credentials(scheme);
        var path = Encoding.UTF8.GetBytes(request.Path);
        var query = Encoding.UTF8.GetBytes(request.Query);
        var format = request.Body.Bytes.Length == 0 ? BodyFormat.None
            : request.Body.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true ? BodyFormat.Json
            : request.Body.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true ? BodyFormat.Form
            : BodyFormat.Other;
        try
        {
            var endpoint = scheme.Exchange.Endpoints.Find(request.Method, path);
            try
            {
                endpoint.ReadOrders(query, request.Body.Bytes, format);
            }
            catch (FormatException)
            {
                // Documented: the proxy answers 400.
            }

            using var output = new SignedRequest();
            var headerValues = new string?[scheme.CredentialHeaders.Count];
            for (var i = 0; i < headerValues.Length && i < request.HeaderValues.Length; i++)
            {
                headerValues[i] = request.HeaderValues[i];
            }

            var outcome = scheme.Sign(new SigningInput
            {
                Method = request.Method,
                Path = path,
                Endpoint = endpoint,
                Query = query,
                Body = request.Body.Bytes,
                BodyFormat = format,
                Host = "api.example.com",
                CredentialHeaderValues = headerValues,
                UnixTimeMilliseconds = 1_760_000_000_000,
            }, credentials, output);
            return outcome switch
            {
                SignOutcome.Rejected when string.IsNullOrWhiteSpace(output.Error) => "rejected without a message",
                SignOutcome.Signed when output.SignedBytesSha256.IndexOfAnyExcept((byte)0) < 0 => "signed without a digest of the signed bytes",
                SignOutcome.Signed when output.Headers.Count == 0 && output.Query.WrittenSpan.IndexOf("signature="u8) < 0 && output.Body.WrittenSpan.IndexOf("signature="u8) < 0
                    => "signed, but no header or parameter carries the signature",
                _ => null,
            };
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}";
        }
    }

    private static VenueCredentials Credentials(SigningScheme scheme)
    {
        ISigningKey key = scheme.Algorithm switch
        {
            SignatureAlgorithm.EcdsaP256Sha256 => EcdsaKey,
            SignatureAlgorithm.Ed25519 => new StandInEd25519Key(),
            _ => new ReferenceHmacKey(Secret, scheme.Algorithm),
        };
        var credentials = new VenueCredentials("api-key-id", key, "pass-phrase", new NonceCounter(null, leaseSpan: 1_000_000));
        scheme.Prepare(credentials);
        return credentials;
    }

    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(64);

    private static readonly Signing.CoinbaseAdvanced.ReferenceEcdsaKey EcdsaKey = new();

    /// <summary>Ed25519 is not the subject here (SoftHSM2 and BouncyCastle check it elsewhere): 64 bytes stand in.</summary>
    private sealed class StandInEd25519Key : ISigningKey
    {
        public string Label => "stand-in-ed25519";

        public SignatureAlgorithm Algorithm => SignatureAlgorithm.Ed25519;

        public SignResult Sign(ReadOnlySpan<byte> data, Span<byte> signature) => new(SHA512.HashData(data, signature), "stand-in");
    }
}

/// <summary>One hostile request as a scheme sees it.</summary>
public sealed record SchemeRequest(string Method, string Path, string Query, HostileBody Body, string?[] HeaderValues)
{
    public override string ToString() =>
        $"{Method} {HostileGen.Show(Path)} ? {HostileGen.Show(Query)} | {Body} | headers [{string.Join(", ", HeaderValues.Select(h => h is null ? "null" : HostileGen.Show(h)))}]";
}
