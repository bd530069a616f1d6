using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Deribit;

/// <summary>
/// Deribit's WebSocket login, <c>public/auth</c> with grant <c>client_signature</c> (docs.deribit.com,
/// api-reference/authentication/public-auth; articles/authentication, "Client Signature (WebSocket)"):
/// <c>client_id</c>, <c>timestamp</c> (Unix ms), <c>nonce</c>, <c>data</c> (optional, empty by default) and
/// <c>signature = hex(HMAC-SHA256(ClientSecret, Timestamp + "\n" + Nonce + "\n" + Data))</c>.
/// <para>
/// Sidecar rebuilds every login: the client id is the venue's, the signature is made in the HSM, and a bot's
/// <c>client_credentials</c> grant (whose <c>client_secret</c> would travel in clear) becomes a <c>client_signature</c>;
/// the bot's <c>client_id</c>, <c>client_secret</c> and <c>signature</c> are never forwarded. The bot's timestamp is
/// kept when it is within <see cref="WindowMilliseconds"/> of the venue's clock (ccxt sends now), its nonce when it is
/// 1–64 characters of <c>[A-Za-z0-9._-]</c> (ccxt sends the timestamp); otherwise Sidecar makes them, as over REST.
/// <c>data</c>, <c>scope</c> and <c>state</c> pass as the bot wrote them. A <c>refresh_token</c> grant is refused: the
/// bot holds placeholders only, and Sidecar logs each connection in with the key itself.
/// </para>
/// </summary>
internal static class DeribitAuthFrame
{
    /// <summary>
    /// How old a bot's timestamp may be and still be kept. The docs give 60 s for HTTP signature credentials ("valid for
    /// 60 seconds since generation") and no figure for <c>public/auth</c>; the same window is assumed.
    /// </summary>
    public const long WindowMilliseconds = 60_000;

    /// <summary>A timestamp at most this far ahead of the venue's clock is kept (clock skew between bot and Sidecar).</summary>
    public const long AllowedAheadMilliseconds = 1_000;

    /// <summary>Where the login's kept params are among the frame's <c>params</c> members; -1 when absent.</summary>
    public struct Fields
    {
        public int Timestamp;
        public int Nonce;
        public int Data;
        public int Scope;
        public int State;
    }

    /// <summary>Checks a login's params: false, with why, for a grant or a param Sidecar does not rebuild.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, ReadOnlySpan<JsonMember> members, out Fields fields, out string error)
    {
        fields = new Fields { Timestamp = -1, Nonce = -1, Data = -1, Scope = -1, State = -1 };
        error = "";
        var grant = -1;
        for (var i = 0; i < members.Length; i++)
        {
            var name = message[members[i].Name];
            if (name.SequenceEqual("grant_type"u8))
            {
                grant = i;
            }
            else if (name.SequenceEqual("timestamp"u8))
            {
                fields.Timestamp = i;
            }
            else if (name.SequenceEqual("nonce"u8))
            {
                fields.Nonce = i;
            }
            else if (name.SequenceEqual("data"u8))
            {
                fields.Data = i;
            }
            else if (name.SequenceEqual("scope"u8))
            {
                fields.Scope = i;
            }
            else if (name.SequenceEqual("state"u8))
            {
                fields.State = i;
            }
            else if (name.SequenceEqual("refresh_token"u8))
            {
                error = RefreshRefused;
                return false;
            }
            else if (!(name.SequenceEqual("client_id"u8) || name.SequenceEqual("client_secret"u8) || name.SequenceEqual("signature"u8)))
            {
                // The bot's id, secret and signature are replaced; anything else (username/password, an access_token) is
                // not something Sidecar forwards on a login.
                error = $"public/auth takes no '{System.Text.Encoding.UTF8.GetString(name)}' through Sidecar";
                return false;
            }
        }

        foreach (var (index, label) in (ReadOnlySpan<(int, string)>)[(fields.Data, "data"), (fields.Scope, "scope"), (fields.State, "state")])
        {
            if (index >= 0 && members[index].Kind != JsonTokenType.String)
            {
                error = $"public/auth '{label}' must be a string";
                return false;
            }
        }

        if (grant < 0 || members[grant].Kind != JsonTokenType.String)
        {
            error = "public/auth needs a string 'grant_type'";
            return false;
        }

        var value = message[members[grant].Value][1..^1];
        if (value.SequenceEqual("refresh_token"u8))
        {
            error = RefreshRefused;
            return false;
        }

        if (!value.SequenceEqual("client_signature"u8) && !value.SequenceEqual("client_credentials"u8))
        {
            error = "public/auth 'grant_type' must be client_signature (client_credentials is turned into one): Sidecar signs the login with the venue's key";
            return false;
        }

        return true;
    }

    /// <summary>Writes the login Sidecar forwards, signed in the HSM through <paramref name="key"/>.</summary>
    /// <exception cref="SigningKeyUnavailableException">The HSM could not sign.</exception>
    public static SignOutcome Write(ReadOnlySpan<byte> message, ClientFrame frame, ReadOnlySpan<JsonMember> members, in Fields fields,
        ReadOnlySpan<byte> clientIdJson, ISigningKey key, in FrameClock clock, SignedRequest output)
    {
        Span<byte> timestamp = stackalloc byte[20];
        var timestampLength = Timestamps.WriteInteger(Timestamp(message, members, fields.Timestamp, clock), timestamp);
        Span<byte> nonceBuffer = stackalloc byte[DeribitScheme.MaxBotNonceLength];
        scoped var nonce = BotNonce(message, members, fields.Nonce);
        if (nonce.IsEmpty)
        {
            nonce = nonceBuffer[..DeribitScheme.WriteRandomNonce(nonceBuffer)];
        }

        var prehash = output.Prehash;
        prehash.Append(timestamp[..timestampLength]);
        prehash.Append((byte)'\n');
        prehash.Append(nonce);
        prehash.Append((byte)'\n');
        if (fields.Data >= 0)
        {
            members[fields.Data].AppendSignedText(message, prehash);
        }

        Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var macLength = output.SignPrehash(key, mac);
        Span<byte> signature = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes * 2];
        var signatureLength = Hex.EncodeLower(mac[..macLength], signature);

        var body = output.Body;
        body.Append("{\"jsonrpc\":\"2.0\","u8);
        if (!frame.Id.Equals(default(Range)))
        {
            body.Append("\"id\":"u8);
            body.Append(message[frame.Id]);
            body.Append((byte)',');
        }

        body.Append("\"method\":\"public/auth\",\"params\":{\"grant_type\":\"client_signature\",\"client_id\":\""u8);
        body.Append(clientIdJson);
        body.Append("\",\"timestamp\":"u8);
        body.Append(timestamp[..timestampLength]);
        body.Append(",\"nonce\":\""u8);
        body.Append(nonce);
        body.Append("\",\"data\":"u8);
        body.Append(fields.Data >= 0 ? message[members[fields.Data].Value] : "\"\""u8);
        body.Append(",\"signature\":\""u8);
        body.Append(signature[..signatureLength]);
        body.Append((byte)'"');
        AppendKept(body, ",\"scope\":"u8, message, members, fields.Scope);
        AppendKept(body, ",\"state\":"u8, message, members, fields.State);
        body.Append("}}"u8);
        return SignOutcome.Signed;
    }

    private const string RefreshRefused =
        "a refresh_token grant is refused: Sidecar logs each connection in with the venue's key (grant client_signature), and the bot's refresh token is a placeholder";

    /// <summary>The bot's timestamp when it is Unix ms (13 digits) inside the window by the venue's clock; otherwise now.</summary>
    private static long Timestamp(ReadOnlySpan<byte> message, ReadOnlySpan<JsonMember> members, int index, in FrameClock clock)
    {
        var now = clock.UnixTimeMilliseconds;
        if (clock.Restamp || index < 0 || members[index].Escaped || members[index].Kind is not (JsonTokenType.Number or JsonTokenType.String))
        {
            return now;
        }

        var text = message[members[index].Value];
        if (members[index].Kind == JsonTokenType.String)
        {
            text = text[1..^1];
        }

        if (text.Length != 13 || text[0] == (byte)'0' || !Utf8Parser.TryParse(text, out long sent, out var consumed) || consumed != text.Length)
        {
            return now;
        }

        return sent <= now + AllowedAheadMilliseconds && now - sent <= WindowMilliseconds ? sent : now;
    }

    /// <summary>The bot's nonce when Sidecar keeps it (a plain string of nonce characters); empty otherwise.</summary>
    private static ReadOnlySpan<byte> BotNonce(ReadOnlySpan<byte> message, ReadOnlySpan<JsonMember> members, int index)
    {
        if (index < 0 || members[index].Kind != JsonTokenType.String || members[index].Escaped)
        {
            return default;
        }

        var text = message[members[index].Value][1..^1];
        return DeribitScheme.IsBotNonce(text) ? text : default;
    }

    private static void AppendKept(ByteBuilder body, ReadOnlySpan<byte> name, ReadOnlySpan<byte> message, ReadOnlySpan<JsonMember> members, int index)
    {
        if (index >= 0)
        {
            body.Append(name);
            body.Append(message[members[index].Value]);
        }
    }
}
