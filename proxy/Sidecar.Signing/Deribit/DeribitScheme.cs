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
/// with a JSON-RPC body. Form and other bodies are refused. The bot's Authorization header (which carries its own
/// ts/nonce) is replaced: <see cref="SigningInput"/> carries no headers, so nothing in it can be kept.
/// </remarks>
internal sealed class DeribitScheme : SigningScheme
{
    public const string AuthorizationHeader = "Authorization";

    /// <summary>Random bytes behind the hex nonce.</summary>
    public const int NonceBytes = 8;

    private const int StackLimit = 1024;

    private static readonly string[] Headers = [AuthorizationHeader];

    public override string Name => "deribit";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha256;

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    public override Policy.EndpointCatalog Endpoints => DeribitCatalog.Instance;

    public override bool Accepts(BodyFormat format) => format is BodyFormat.None or BodyFormat.Json;

    public override Policy.OrderRead ReadOrders(string method, ReadOnlySpan<byte> path, ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, BodyFormat bodyFormat) =>
        DeribitOrders.Read(path, query, body, bodyFormat);

    public override EndpointAccess Classify(string method, ReadOnlySpan<byte> path) => DeribitEndpoints.Classify(path);

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
            return output.Reject("Deribit signs query strings and JSON-RPC (application/json) request bodies only.");
        }

        output.Query.Append(input.Query);
        output.Body.Append(input.Body);

        Span<byte> timestamp = stackalloc byte[20];
        var timestampLength = Timestamps.WriteInteger(input.UnixTimeMilliseconds, timestamp);
        Span<byte> random = stackalloc byte[NonceBytes];
        RandomNumberGenerator.Fill(random);
        Span<byte> nonce = stackalloc byte[NonceBytes * 2];
        Hex.EncodeLower(random, nonce);

        var prehash = output.Prehash;
        prehash.Append(timestamp[..timestampLength]);
        prehash.Append((byte)'\n');
        prehash.Append(nonce);
        prehash.Append((byte)'\n');
        AppendAscii(prehash, input.Method);
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

    private static int Literal(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }

    private static void AppendAscii(ByteBuilder destination, string value)
    {
        var span = destination.GetSpan(value.Length);
        var written = System.Text.Encoding.ASCII.GetBytes(value, span);
        destination.Advance(written);
    }
}
