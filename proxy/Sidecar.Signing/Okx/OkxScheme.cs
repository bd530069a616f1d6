using System.Buffers.Text;
using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Okx;

/// <summary>
/// OKX V5 REST (docs-v5, "Overview → REST Authentication → Signature"):
/// <c>OK-ACCESS-SIGN = base64(HMAC-SHA256(secret, timestamp + method + requestPath + body))</c>, where the timestamp
/// is ISO 8601 UTC with milliseconds (the same string as <c>OK-ACCESS-TIMESTAMP</c>), the method is upper case,
/// requestPath is the path plus <c>?query</c> exactly as sent, and body is the raw JSON body ("" when none). The key
/// and the passphrase travel as they are in <c>OK-ACCESS-KEY</c> and <c>OK-ACCESS-PASSPHRASE</c>.
/// </summary>
/// <remarks>
/// The bot's <c>OK-ACCESS-*</c> headers are always replaced (<see cref="SigningInput"/> carries no headers, so a
/// bot-sent timestamp cannot be kept). <c>x-simulated-trading</c> (demo trading) is not signed by OKX and passes
/// through, as does everything in the body (e.g. ccxt's broker <c>clOrdId</c> prefix and <c>tag</c>), which is
/// signed as sent.
/// </remarks>
internal sealed class OkxScheme : SigningScheme
{
    public const string ApiKeyHeader = "OK-ACCESS-KEY";
    public const string SignHeader = "OK-ACCESS-SIGN";
    public const string TimestampHeader = "OK-ACCESS-TIMESTAMP";
    public const string PassphraseHeader = "OK-ACCESS-PASSPHRASE";

    private static readonly string[] Headers = [ApiKeyHeader, SignHeader, TimestampHeader, PassphraseHeader];

    public override string Name => "okx-v5";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha256;

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    public override bool RequiresPassphrase => true;

    public override EndpointAccess Classify(string method, ReadOnlySpan<byte> path) => OkxEndpoints.Classify(path);

    public override Policy.EndpointCatalog Endpoints => OkxCatalog.Instance;

    /// <summary>"All requests should have content of type application/json": JSON bodies, or none.</summary>
    public override bool Accepts(BodyFormat format) => format is BodyFormat.None or BodyFormat.Json;

    public override Policy.OrderRead ReadOrders(string method, ReadOnlySpan<byte> path, ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, BodyFormat bodyFormat) =>
        OkxOrders.Read(method, path, body);

    public override SignOutcome Sign(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output)
    {
        output.Reset();
        var access = Classify(input.Method, input.Path);
        output.Access = access;
        if (access == EndpointAccess.Public)
        {
            return SignOutcome.PassThrough;
        }

        if (input.BodyFormat is BodyFormat.Form or BodyFormat.Other)
        {
            return output.Reject("OKX signs application/json request bodies only.");
        }

        var passphrase = credentials.PassphraseHeader;
        if (passphrase is null)
        {
            return output.Reject("The OKX venue has no passphrase (Venues:*:Passphrase).");
        }

        output.Query.Append(input.Query);
        output.Body.Append(input.Body);

        Span<byte> timestamp = stackalloc byte[40];
        var timestampLength = Timestamps.WriteIso8601Millis(input.UnixTimeMilliseconds, timestamp);

        var prehash = output.Prehash;
        prehash.Append(timestamp[..timestampLength]);
        AppendAscii(prehash, input.Method);
        prehash.Append(input.Path);
        if (!input.Query.IsEmpty)
        {
            prehash.Append((byte)'?');
            prehash.Append(input.Query);
        }

        prehash.Append(input.Body);

        Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var macLength = output.SignPrehash(credentials.Key, mac);
        Span<byte> signature = stackalloc byte[Base64.GetMaxEncodedToUtf8Length(SignatureAlgorithmFacts.MaxSignatureBytes)];
        Base64.EncodeToUtf8(mac[..macLength], signature, out _, out var signatureLength);

        output.Headers.Add(ApiKeyHeader, credentials.ApiKey);
        output.Headers.Add(SignHeader, signature[..signatureLength]);
        output.Headers.Add(TimestampHeader, timestamp[..timestampLength]);
        output.Headers.Add(PassphraseHeader, passphrase);
        return SignOutcome.Signed;
    }

    private static void AppendAscii(ByteBuilder destination, string value)
    {
        var span = destination.GetSpan(value.Length);
        var written = System.Text.Encoding.ASCII.GetBytes(value, span);
        destination.Advance(written);
    }
}
