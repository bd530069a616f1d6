using System.Buffers;
using System.Security.Cryptography;
using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Deribit;

/// <summary>
/// Deribit signature credentials for HTTP ("Authentication → Additional authorization method - Deribit signature
/// credentials", docs.deribit.com):
/// <c>RequestData = METHOD + "\n" + URI + "\n" + RequestBody + "\n"</c>,
/// <c>StringToSign = Timestamp + "\n" + Nonce + "\n" + RequestData</c>,
/// <c>Signature = hex(HMAC-SHA256(ClientSecret, StringToSign))</c>, sent as
/// <c>Authorization: deri-hmac-sha256 id=ClientId,ts=Timestamp,sig=Signature,nonce=Nonce</c>. URI is the path plus
/// <c>?query</c> exactly as forwarded (the docs' example signs <c>/api/v2/private/get_account_summary?currency=BTC</c>),
/// Timestamp is Unix milliseconds (valid 60 s), Nonce a single-use random string. The venue's ApiKey is the client id.
/// </summary>
/// <remarks>
/// Deribit's HTTP API is JSON-RPC: GET with the params in the query (what ccxt sends, with an empty body) or POST
/// with a JSON-RPC body. Form and other bodies are refused. The bot's Authorization header is always replaced (its
/// id and sig never survive), but when it is a well-formed <c>deri-hmac-sha256</c> credential (see
/// <see cref="ReadBotAuthorization"/>) its ts and nonce are kept — each when valid on its own — and signed exactly
/// as forwarded; whatever is missing or malformed is generated (now in ms; 8 random bytes in hex).
/// </remarks>
internal sealed class DeribitScheme : SigningScheme
{
    public const string AuthorizationHeader = "Authorization";

    /// <summary>Random bytes behind the hex nonce.</summary>
    public const int NonceBytes = 8;

    /// <summary>The longest bot nonce kept.</summary>
    public const int MaxBotNonceLength = 64;

    private const int StackLimit = 1024;

    private const string BotAuthorizationPrefix = "deri-hmac-sha256 ";

    private static readonly string[] Headers = [AuthorizationHeader];

    public override string Name => "deribit";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha256;

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    public override bool Accepts(BodyFormat format) => format is BodyFormat.None or BodyFormat.Json;

    public override SignOutcome Sign(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output)
    {
        if (StartsJsonOnly(input, output, "Deribit signs query strings and JSON-RPC (application/json) request bodies only.") is { } outcome)
        {
            return outcome;
        }

        output.Query.Append(input.Query);
        output.Body.Append(input.Body);

        ReadBotAuthorization(BotHeader(input, AuthorizationHeader), out var botTimestamp, out var botNonce);
        Span<byte> timestamp = stackalloc byte[20];
        var timestampLength = botTimestamp.IsEmpty || input.Restamp
            ? Timestamps.WriteInteger(input.UnixTimeMilliseconds, timestamp)
            : System.Text.Encoding.ASCII.GetBytes(botTimestamp, timestamp);
        Span<byte> nonceBuffer = stackalloc byte[MaxBotNonceLength];
        int nonceLength;
        if (botNonce.IsEmpty)
        {
            nonceLength = WriteRandomNonce(nonceBuffer);
        }
        else
        {
            nonceLength = System.Text.Encoding.ASCII.GetBytes(botNonce, nonceBuffer);
        }

        var nonce = nonceBuffer[..nonceLength];

        var prehash = output.Prehash;
        prehash.Append(timestamp[..timestampLength]);
        prehash.Append((byte)'\n');
        prehash.Append(nonce);
        prehash.Append((byte)'\n');
        prehash.AppendAscii(input.Method);
        prehash.Append((byte)'\n');
        prehash.Append(input.Path);
        if (!input.Query.IsEmpty)
        {
            prehash.Append((byte)'?');
            prehash.Append(input.Query);
        }

        prehash.Append((byte)'\n');
        prehash.Append(input.Body);
        prehash.Append((byte)'\n');

        Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var macLength = output.SignPrehash(credentials.Key, mac);
        Span<byte> signature = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes * 2];
        var signatureLength = Hex.EncodeLower(mac[..macLength], signature);

        var clientId = credentials.ApiKey;
        var valueLength = "deri-hmac-sha256 id=,ts=,sig=,nonce="u8.Length + clientId.Length + timestampLength
            + signatureLength + nonce.Length;
        byte[]? rented = null;
        Span<byte> value = valueLength <= StackLimit
            ? stackalloc byte[StackLimit]
            : rented = ArrayPool<byte>.Shared.Rent(valueLength);
        try
        {
            var length = Literal("deri-hmac-sha256 id="u8, value);
            length += System.Text.Encoding.ASCII.GetBytes(clientId, value[length..]);
            length += Literal(",ts="u8, value[length..]);
            length += Literal(timestamp[..timestampLength], value[length..]);
            length += Literal(",sig="u8, value[length..]);
            length += Literal(signature[..signatureLength], value[length..]);
            length += Literal(",nonce="u8, value[length..]);
            length += Literal(nonce, value[length..]);
            output.Headers.Add(AuthorizationHeader, value[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return SignOutcome.Signed;
    }

    /// <summary>
    /// The ts and nonce of a bot's <c>Authorization: deri-hmac-sha256 id=…,ts=…,sig=…,nonce=…</c>, strictly: the
    /// scheme name (any case) and one space, then exactly the four fields <c>id</c>, <c>ts</c>, <c>sig</c>,
    /// <c>nonce</c>, each once, as <c>name=value</c> with a non-empty value of visible ASCII, separated by ','
    /// (spaces after a comma tolerated, as the newer docs write it). A header that is not so yields neither.
    /// Of a well-formed header, ts is returned when it is Unix milliseconds — exactly 13 digits, no leading zero —
    /// and nonce when it is 1–<see cref="MaxBotNonceLength"/> characters of <c>[A-Za-z0-9._-]</c>; otherwise empty.
    /// </summary>
    internal static void ReadBotAuthorization(string? value, out ReadOnlySpan<char> timestamp, out ReadOnlySpan<char> nonce)
    {
        timestamp = default;
        nonce = default;
        if (value is null || !value.StartsWith(BotAuthorizationPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        ReadOnlySpan<char> ts = default, n = default;
        var seen = 0;
        var rest = value.AsSpan(BotAuthorizationPrefix.Length);
        while (true)
        {
            var comma = rest.IndexOf(',');
            var field = comma < 0 ? rest : rest[..comma];
            var equals = field.IndexOf('=');
            if (equals <= 0 || !IsVisibleAscii(field[(equals + 1)..]))
            {
                return;
            }

            var fieldValue = field[(equals + 1)..];
            var bit = field[..equals] switch
            {
                "id" => 1,
                "ts" => 2,
                "sig" => 4,
                "nonce" => 8,
                _ => 0,
            };
            if (bit == 0 || (seen & bit) != 0)
            {
                return;
            }

            seen |= bit;
            if (bit == 2)
            {
                ts = fieldValue;
            }
            else if (bit == 8)
            {
                n = fieldValue;
            }

            if (comma < 0)
            {
                break;
            }

            rest = rest[(comma + 1)..].TrimStart(' ');
        }

        if (seen != 15)
        {
            return;
        }

        if (ts.Length == 13 && ts[0] != '0' && AllDigits(ts))
        {
            timestamp = ts;
        }

        if (n.Length <= MaxBotNonceLength && IsNonceText(n))
        {
            nonce = n;
        }
    }

    /// <summary>A fresh nonce, <see cref="NonceBytes"/> random bytes in lower-case hex; returns its length.</summary>
    internal static int WriteRandomNonce(Span<byte> destination)
    {
        Span<byte> random = stackalloc byte[NonceBytes];
        RandomNumberGenerator.Fill(random);
        return Hex.EncodeLower(random, destination);
    }

    /// <summary>A nonce Sidecar keeps from a bot: 1–<see cref="MaxBotNonceLength"/> characters of <c>[A-Za-z0-9._-]</c>.</summary>
    internal static bool IsBotNonce(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty || text.Length > MaxBotNonceLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsNonceChar((char)c))
            {
                return false;
            }
        }

        return true;
    }

    // Plain loops: MemoryExtensions.ContainsAnyExceptInRange allocated here (SigningAllocationConformance, deribit row).
    private static bool IsVisibleAscii(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNonceText(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!IsNonceChar(c))
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }

    private static bool IsNonceChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    private static int Literal(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
