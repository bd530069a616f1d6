using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Bitmex;

/// <summary>
/// BitMEX API keys ("API Keys Usage", www.bitmex.com/app/apiKeysUsage):
/// <c>api-signature = hex(HMAC_SHA256(apiSecret, verb + path + expires + data))</c>, where verb is upper case, path
/// is the path plus <c>?query</c> exactly as forwarded (the docs' second example signs the URL-encoded query),
/// expires is the Unix-seconds value sent in <c>api-expires</c>, and data is the raw body exactly as sent ("" when
/// none). The key id goes in <c>api-key</c>.
/// </summary>
/// <remarks>
/// <para>expires = now + <see cref="ExpiresAfterSeconds"/>. The docs set no window; BitMEX's reference market maker
/// uses 5 s, this allows some clock skew while keeping replays short.</para>
/// <para>BitMEX takes JSON or form bodies ("You can send JSON or form encoding, just ensure you use the exact same
/// body string in the HMAC"); other bodies are refused. The bot's <c>api-expires</c>, <c>api-key</c>,
/// <c>api-signature</c> (and the deprecated <c>api-nonce</c>) are always removed: <see cref="SigningInput"/> carries
/// no headers, so a bot-sent api-expires cannot be kept.</para>
/// </remarks>
internal sealed class BitmexScheme : SigningScheme
{
    public const string ExpiresHeader = "api-expires";
    public const string ApiKeyHeader = "api-key";
    public const string SignatureHeader = "api-signature";

    /// <summary>How far ahead of now <c>api-expires</c> is set.</summary>
    public const long ExpiresAfterSeconds = 30;

    private static readonly string[] Headers = [ExpiresHeader, ApiKeyHeader, SignatureHeader, "api-nonce"];

    public override string Name => "bitmex";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha256;

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    public override Policy.EndpointCatalog Endpoints => BitmexCatalog.Instance;

    public override Policy.OrderRead ReadOrders(string method, ReadOnlySpan<byte> path, ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, BodyFormat bodyFormat) =>
        BitmexOrders.Read(method, path, query, body, bodyFormat);

    public override EndpointAccess Classify(string method, ReadOnlySpan<byte> path) => BitmexEndpoints.Classify(method, path);

    public override SignOutcome Sign(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output)
    {
        output.Reset();
        var access = Classify(input.Method, input.Path);
        output.Access = access;
        return access == EndpointAccess.Public ? SignOutcome.PassThrough : SignPrivate(input, credentials, output);
    }

    /// <summary>
    /// The signing step proper, for a request already classified as private (and for the docs' worked examples,
    /// two of which sign the public <c>GET /api/v1/instrument</c>). Expects a reset <paramref name="output"/>.
    /// </summary>
    internal static SignOutcome SignPrivate(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output)
    {
        if (input.BodyFormat is BodyFormat.Other)
        {
            return output.Reject("BitMEX signs application/json and application/x-www-form-urlencoded request bodies only.");
        }

        output.Query.Append(input.Query);
        output.Body.Append(input.Body);

        Span<byte> expires = stackalloc byte[20];
        var expiresLength = Timestamps.WriteInteger((input.UnixTimeMilliseconds / 1000) + ExpiresAfterSeconds, expires);

        var prehash = output.Prehash;
        AppendAscii(prehash, input.Method);
        prehash.Append(input.Path);
        if (!input.Query.IsEmpty)
        {
            prehash.Append((byte)'?');
            prehash.Append(input.Query);
        }

        prehash.Append(expires[..expiresLength]);
        prehash.Append(input.Body);

        Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var macLength = output.SignPrehash(credentials.Key, mac);
        Span<byte> signature = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes * 2];
        var signatureLength = Hex.EncodeLower(mac[..macLength], signature);

        output.Headers.Add(ExpiresHeader, expires[..expiresLength]);
        output.Headers.Add(ApiKeyHeader, credentials.ApiKey);
        output.Headers.Add(SignatureHeader, signature[..signatureLength]);
        return SignOutcome.Signed;
    }

    private static void AppendAscii(ByteBuilder destination, string value)
    {
        var span = destination.GetSpan(value.Length);
        var written = System.Text.Encoding.ASCII.GetBytes(value, span);
        destination.Advance(written);
    }
}
