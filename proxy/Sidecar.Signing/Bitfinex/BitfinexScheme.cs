using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Bitfinex;

/// <summary>
/// Bitfinex API v2 authenticated endpoints (docs.bitfinex.com, "REST Authenticated Endpoints"):
/// <c>bfx-signature = hex(HMAC-SHA384(secret, "/api/" + apiPath + nonce + body))</c>, where apiPath is the request
/// path without its leading '/' (e.g. <c>v2/auth/r/wallets</c>) — so the message starts with <c>/api</c> + the
/// forwarded path — and body the JSON body exactly as forwarded. The docs build the URL as
/// <c>https://api.bitfinex.com/${apiPath}</c>, so a query string, when a bot sends one, is part of apiPath and signed
/// with it. Headers: <c>bfx-nonce</c>, <c>bfx-apikey</c>, <c>bfx-signature</c>.
/// <para>
/// Nonce: <c>credentials.Nonces.Next(max(now in µs, bot's bfx-nonce))</c> — the docs' own generator is
/// <c>Date.now() * 1000</c>; µs time (~1.8e15) stays far below 9007199254740991 (JavaScript's MAX_SAFE_INTEGER, the
/// ceiling Bitfinex nonces must keep). A bot-sent <c>bfx-nonce</c> is kept when it is well-formed (see
/// <see cref="TryReadBotNonce"/>) and above every nonce already used for the key; a stale one (ccxt sends ms) is
/// raised to the next valid nonce, a malformed one is ignored. The forwarded nonce is always the one signed.
/// </para>
/// </summary>
internal sealed class BitfinexScheme : SigningScheme
{
    public const string NonceHeader = "bfx-nonce";
    public const string ApiKeyHeader = "bfx-apikey";
    public const string SignatureHeader = "bfx-signature";

    /// <summary>JavaScript's MAX_SAFE_INTEGER: Bitfinex nonces must not exceed it.</summary>
    public const long MaxNonce = 9007199254740991;

    /// <summary>How far ahead of now (µs) a bot nonce may be and still be kept: one hour. Further would raise the key's
    /// nonce floor at Bitfinex for good (towards <see cref="MaxNonce"/>), so such a value is treated as malformed.</summary>
    public const long MaxBotNonceAheadMicros = 3_600_000_000;

    private static readonly string[] Headers = [NonceHeader, ApiKeyHeader, SignatureHeader];

    public override string Name => "bitfinex-v2";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha384;

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    public override bool UsesNonces => true;

    public override bool Accepts(BodyFormat format) => format is BodyFormat.None or BodyFormat.Json;

    public override SignOutcome Sign(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output)
    {
        if (StartsPublic(input, output))
        {
            return SignOutcome.PassThrough;
        }

        if (!input.Path.StartsWith("/v2/"u8))
        {
            return output.Reject("bitfinex-v2 signs /v2/ endpoints only; Bitfinex v1 authentication is a different scheme.");
        }

        if (input.BodyFormat is BodyFormat.Form or BodyFormat.Other)
        {
            return output.Reject("Bitfinex v2 authenticated endpoints take application/json bodies only.");
        }

        if (credentials.Nonces is not { } nonces)
        {
            return output.Reject("This Bitfinex venue has no nonce source.");
        }

        var nowMicros = input.UnixTimeMilliseconds * 1000;
        var nonce = nonces.Next(TryReadBotNonce(BotHeader(input, NonceHeader), nowMicros, out var botNonce)
            ? Math.Max(nowMicros, botNonce)
            : nowMicros);
        Span<byte> digits = stackalloc byte[20];
        var digitsLength = Timestamps.WriteInteger(nonce, digits);

        output.Query.Append(input.Query);
        output.Body.Append(input.Body);

        output.Prehash.Append("/api"u8);
        output.Prehash.Append(input.Path);
        if (!input.Query.IsEmpty)
        {
            output.Prehash.Append((byte)'?');
            output.Prehash.Append(input.Query);
        }

        output.Prehash.Append(digits[..digitsLength]);
        output.Prehash.Append(input.Body);

        Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var macLength = output.SignPrehash(credentials.Key, mac);
        Span<byte> hex = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes * 2];
        var hexLength = Hex.EncodeLower(mac[..macLength], hex);

        output.Headers.Add(NonceHeader, digits[..digitsLength]);
        output.Headers.Add(ApiKeyHeader, credentials.ApiKey);
        output.Headers.Add(SignatureHeader, hex[..hexLength]);
        return SignOutcome.Signed;
    }

    /// <summary>
    /// A bot's <c>bfx-nonce</c>, strictly: 1–16 ASCII digits without a leading zero, at most <see cref="MaxNonce"/>
    /// and at most <see cref="MaxBotNonceAheadMicros"/> ahead of now in µs. Anything else (signs, spaces, letters,
    /// empty, too long, too far ahead) is not a nonce the sidecar will sign.
    /// </summary>
    internal static bool TryReadBotNonce(string? value, long nowMicros, out long nonce)
    {
        nonce = 0;
        if (value is null || value.Length is 0 or > 16 || value[0] == '0')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            nonce = (nonce * 10) + (c - '0');
        }

        return nonce <= MaxNonce && nonce <= nowMicros + MaxBotNonceAheadMicros;
    }
}
