namespace Sidecar.Signing.Binance;

/// <summary>
/// Binance SIGNED endpoints (spot, USD-M and COIN-M futures): the signature covers totalParams — the query string
/// concatenated with the form body, exactly as forwarded — and goes last, in a <c>signature</c> parameter where the
/// parameters are. The key id goes in <c>X-MBX-APIKEY</c>. Key types differ only in the signature primitive and
/// its text encoding.
/// </summary>
internal abstract class BinanceScheme : SigningScheme
{
    public const string ApiKeyHeader = "X-MBX-APIKEY";

    private static readonly string[] Headers = [ApiKeyHeader];
    private static readonly string[] Parameters = ["signature"];

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    public override IReadOnlyList<string> CredentialParameters => Parameters;

    public override bool Accepts(BodyFormat format) => format is BodyFormat.None or BodyFormat.Form;

    public override SignOutcome Sign(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output)
    {
        output.Reset();
        var access = AccessOf(input);
        output.Access = access;
        if (access != EndpointAccess.Signed && (FormParameters.Contains(input.Query, "signature"u8) || FormParameters.Contains(input.Body, "signature"u8)))
        {
            // Not signed here, so passed through as sent: a signature the bot made would reach the exchange
            // looking like Sidecar's. No client of an unsigned endpoint sends one; refuse rather than guess.
            return output.Reject("a 'signature' parameter was sent to a Binance endpoint that is not SIGNED; Sidecar signs, so send requests without one.");
        }

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

        if (input.Restamp)
        {
            // The bot's timestamp goes too: Sidecar's, from the exchange-corrected clock, is appended below.
            FormParameters.CopyWithout(input.Query, "signature"u8, "timestamp"u8, output.Query);
            FormParameters.CopyWithout(input.Body, "signature"u8, "timestamp"u8, output.Body);
        }
        else
        {
            FormParameters.CopyWithout(input.Query, "signature"u8, output.Query);
            FormParameters.CopyWithout(input.Body, "signature"u8, output.Body);
        }

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

        Span<byte> signature = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var length = output.SignPrehash(credentials.Key, signature);

        // Base64 of 64 bytes is 88 characters; percent-encoding can triple that.
        Span<byte> encoded = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes * 6];
        var encodedLength = EncodeSignature(signature[..length], encoded);
        FormParameters.Append(parameters, "signature"u8, encoded[..encodedLength]);
        return SignOutcome.Signed;
    }

    /// <summary>Writes the signature as it goes into the <c>signature</c> parameter.</summary>
    protected abstract int EncodeSignature(ReadOnlySpan<byte> signature, Span<byte> destination);
}
