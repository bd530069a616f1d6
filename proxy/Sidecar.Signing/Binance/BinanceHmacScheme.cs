using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Binance;

/// <summary>
/// Binance SIGNED endpoints with an HMAC-SHA256 key (spot, USD-M and COIN-M futures share it):
/// signature = hex(HMAC-SHA256(secret, totalParams)), where totalParams is the query string concatenated with the
/// form body, exactly as forwarded. The key id goes in <c>X-MBX-APIKEY</c>.
/// </summary>
internal sealed class BinanceHmacScheme : SigningScheme
{
    public const string ApiKeyHeader = "X-MBX-APIKEY";

    private static readonly string[] Headers = [ApiKeyHeader];
    private static readonly string[] Parameters = ["signature"];

    public override string Name => "binance-hmac";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha256;

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    public override IReadOnlyList<string> CredentialParameters => Parameters;

    public override EndpointAccess Classify(string method, ReadOnlySpan<byte> path) => BinanceEndpoints.Classify(path);

    public override SignOutcome Sign(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output)
    {
        output.Reset();
        var access = Classify(input.Method, input.Path);
        output.Access = access;
        if (access == EndpointAccess.Public)
        {
            return SignOutcome.PassThrough;
        }

        output.Headers.Add(ApiKeyHeader, credentials.ApiKey);
        if (access == EndpointAccess.ApiKey)
        {
            return SignOutcome.PassThrough;
        }

        if (input.BodyFormat is BodyFormat.Json or BodyFormat.Other)
        {
            return output.Reject("Binance signs the query string and application/x-www-form-urlencoded bodies only.");
        }

        FormParameters.CopyWithout(input.Query, "signature"u8, output.Query);
        FormParameters.CopyWithout(input.Body, "signature"u8, output.Body);

        // Parameters live in the body when the bot put any there, otherwise in the query; what Sidecar adds
        // (timestamp, signature) goes to the same place, last, as Binance's docs show.
        var parameters = output.Body.Length > 0 ? output.Body : output.Query;
        if (!FormParameters.Contains(output.Query.WrittenSpan, "timestamp"u8)
            && !FormParameters.Contains(output.Body.WrittenSpan, "timestamp"u8))
        {
            FormParameters.Append(parameters, "timestamp"u8, input.UnixTimeMilliseconds);
        }

        output.Prehash.Append(output.Query.WrittenSpan);
        output.Prehash.Append(output.Body.WrittenSpan);

        Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var macLength = output.SignPrehash(credentials.Key, mac);

        Span<byte> hex = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes * 2];
        var hexLength = Hex.EncodeLower(mac[..macLength], hex);
        FormParameters.Append(parameters, "signature"u8, hex[..hexLength]);
        return SignOutcome.Signed;
    }
}
